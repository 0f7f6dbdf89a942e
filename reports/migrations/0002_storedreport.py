"""Cached reports become stored reports, rendered in the background and versioned."""

import django.db.models.deletion
from django.db import migrations, models


def mark_current(apps, schema_editor):
    """A report kept before this change is current if it belongs to the scan's last completion."""
    StoredReport = apps.get_model("reports", "StoredReport")
    for report in StoredReport.objects.select_related("scan").only(
        "pk", "completed_at", "scan__completed_at"
    ):
        if report.completed_at == report.scan.completed_at:
            StoredReport.objects.filter(pk=report.pk).update(rendered_version=1)


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0008_evidence"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel("CachedReport", "StoredReport"),
        migrations.AlterModelOptions(
            name="storedreport",
            options={"verbose_name": "stored report", "verbose_name_plural": "stored reports"},
        ),
        migrations.RemoveField(model_name="storedreport", name="created_at"),
        migrations.AlterField(
            model_name="storedreport",
            name="scan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="stored_reports",
                to="checklists.scan",
                verbose_name="scan",
            ),
        ),
        migrations.AlterField(
            model_name="storedreport",
            name="language",
            field=models.CharField(max_length=2, verbose_name="language"),
        ),
        migrations.AlterField(
            model_name="storedreport",
            name="completed_at",
            field=models.DateTimeField(verbose_name="completion"),
        ),
        migrations.AlterField(
            model_name="storedreport",
            name="pdf",
            field=models.BinaryField(blank=True, default=b""),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="version wanted"),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="rendered_version",
            field=models.PositiveIntegerField(default=0, verbose_name="version stored"),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="rendered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="rendered"),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="queued"),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="rendering_since",
            field=models.DateTimeField(blank=True, null=True, verbose_name="rendering since"),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="renderer",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="failed attempts"),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="last_error",
            field=models.TextField(blank=True, default="", verbose_name="last error"),
        ),
        migrations.AddField(
            model_name="storedreport",
            name="failed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="failed"),
        ),
        migrations.RunPython(mark_current, migrations.RunPython.noop, elidable=True),
    ]
