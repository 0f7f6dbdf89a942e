import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("branding", "0003_branding_to_first_consultancy")]

    operations = [
        migrations.AlterField(
            model_name="branding",
            name="consultancy",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="branding",
                to="consultancies.consultancy",
                verbose_name="consultancy",
            ),
        ),
    ]
