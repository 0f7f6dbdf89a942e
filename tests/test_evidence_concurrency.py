"""Uploads racing for the last room in a scan's quota: together they never pass it.

Real concurrency, as in test_concurrency.py: threads released together by a barrier, each with
its own client and database connection, against committed data. On PostgreSQL the uploads meet
on the scan's row lock, on SQLite on its write lock; the quota is counted under that lock.
"""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from checklists.models import Answer, EvidenceFile, Item
from tests.helpers import CONTENT_ROWS

from . import evidence_files as files
from .test_concurrency import _client, _in_threads

UPLOADS = 6
SIZE = 4 * 1024 * 1024  # each fits alone; two fit into the room left, not three


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_never_pass_the_scan_quota(consultant, scan):
    CONTENT_ROWS.restore()  # transactional tests start from an emptied database
    filler = Answer.objects.create(scan=scan, item=Item.objects.get(code="purpose-02"))
    name = default_storage.save(f"evidence/{scan.pk}/filler.pdf", io.BytesIO(files.pdf()))
    used = EvidenceFile.SCAN_QUOTA_BYTES - 2 * SIZE - 1000
    EvidenceFile.objects.create(
        answer=filler, file=name, name="filler.pdf", size=used, content_type="application/pdf"
    )
    content = files.pdf(padding=SIZE - len(files.pdf()))
    assert len(content) == SIZE
    clients = [_client(consultant) for _ in range(UPLOADS)]
    codes = [item.code for item in Item.objects.active().order_by("position")[:UPLOADS]]

    def upload(client, code):
        url = reverse("checklists:evidence_upload", args=[scan.pk, code])
        upload = SimpleUploadedFile(f"{code}.pdf", content, content_type="application/pdf")
        return client.post(url, {"file": upload}, HTTP_HX_REQUEST="true").status_code

    statuses = _in_threads(
        [
            (lambda client=client, code=code: upload(client, code))
            for client, code in zip(clients, codes, strict=True)
        ]
    )
    assert sorted(statuses) == [200, 200, 413, 413, 413, 413], statuses
    rows = EvidenceFile.objects.filter(answer__scan=scan)
    assert sum(row.size for row in rows) <= EvidenceFile.SCAN_QUOTA_BYTES
    # Every stored file has its row, and the refused ones left nothing behind.
    stored = set(default_storage.listdir(f"evidence/{scan.pk}")[1])
    assert stored == {row.file.name.rsplit("/", 1)[1] for row in rows}
    assert len(stored) == 3
