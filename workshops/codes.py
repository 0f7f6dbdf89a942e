"""Finding a workshop by its join code, and the signed cookie that remembers a participant."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Participant, Workshop

COOKIE_SALT = "workshops.participant"
COOKIE_MAX_AGE = 14 * 24 * 3600


def cookie_name(workshop: Workshop) -> str:
    return f"cxw-{workshop.pk}"


def workshop_for_code(code: str) -> Workshop:
    if not code.isalnum() or len(code) > 20:
        raise Http404("No workshop with this code")
    return get_object_or_404(
        Workshop.objects.select_related("scan__organisation"), code=code.upper()
    )


def participant_for(request: HttpRequest, workshop: Workshop) -> Participant | None:
    """The participant this browser joined the workshop as, if its cookie is genuine."""
    token = request.get_signed_cookie(
        cookie_name(workshop), default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE
    )
    if not token:
        return None
    return Participant.objects.filter(workshop=workshop, token=token).first()


def remember(response: HttpResponse, participant: Participant, *, secure: bool) -> None:
    response.set_signed_cookie(
        cookie_name(participant.workshop),
        participant.token,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=secure,
        path=f"/w/{participant.workshop.code}/",
    )
