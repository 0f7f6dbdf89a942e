# The improvement plan moved to the plans app and the stored reports and share links to the
# reports app. Only Django's idea of which app owns them changes here; the tables and every row
# stay (plans and reports then give the tables their own names).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0004_results_record'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ImprovementAction'),
                migrations.DeleteModel(name='KpiBaseline'),
                migrations.DeleteModel(name='CachedReport'),
                migrations.DeleteModel(name='ShareLink'),
            ],
        ),
    ]
