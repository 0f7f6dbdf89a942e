import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("checklists", "0010_organisations_to_first_consultancy")]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="consultancy",
            field=models.ForeignKey(
                help_text="The consultancy whose client this is; only its members may see it.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="consultancies.consultancy",
                verbose_name="consultancy",
            ),
        ),
    ]
