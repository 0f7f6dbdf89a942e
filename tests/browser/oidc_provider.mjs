// A real OpenID provider for the single sign-on tests: npm's oidc-provider (OpenID-certified),
// on the loopback, with one client (the site under test). Its development login page takes any
// name; the account <name> has the verified address <name>@example.com, and the account
// unverified-<name> the same address, not verified. Started and stopped by
// tests/browser/test_sso_in_browser.py.
//   node oidc_provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const verified = !id.startsWith("unverified-");
        const name = verified ? id : id.slice("unverified-".length);
        return { sub: id, email: `${name}@example.com`, email_verified: verified };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["loopback-test-only"] },
});
provider.listen(Number(port), "127.0.0.1", () => console.log(`listening on ${port}`));
