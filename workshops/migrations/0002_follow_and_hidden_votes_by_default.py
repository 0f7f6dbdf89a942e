from django.db import migrations, models


class Migration(migrations.Migration):
    """New workshops follow the facilitator and hide the votes until they are revealed.
    Workshops that exist keep their pace and keep showing their votes (added as False, then the
    default becomes True for new rows)."""

    dependencies = [
        ("workshops", "0001_workshops"),
    ]

    operations = [
        migrations.AlterField(
            model_name="workshop",
            name="pace",
            field=models.CharField(
                choices=[
                    ("self", "Self-paced: participants walk the areas in their own order"),
                    ("follow", "Follow the facilitator: phones show the statement on the screen"),
                ],
                default="follow",
                max_length=6,
                verbose_name="pace",
            ),
        ),
        migrations.AddField(
            model_name="workshop",
            name="hide_votes",
            field=models.BooleanField(
                default=False,
                verbose_name="hide the votes on the screen until they are revealed",
            ),
        ),
        migrations.AlterField(
            model_name="workshop",
            name="hide_votes",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "The room sees how many voted, not how, until you reveal the votes: nobody "
                    "follows the first bars."
                ),
                verbose_name="hide the votes on the screen until they are revealed",
            ),
        ),
        migrations.AddField(
            model_name="workshop",
            name="revealed",
            field=models.BooleanField(default=False),
        ),
    ]
