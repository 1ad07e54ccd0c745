"""A release's fingerprints of one document file (data/dataset.py): a hash of its metadata (everything but
its provisions) and of each measure. Taken from the YAML as written (not the model), so a release depends
only on the data files: a new model field or a code change never looks like a data change. Computed
where the file is parsed anyway (the load's workers), so validate parses each document once."""

from __future__ import annotations

import hashlib
import json


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _hash(value) -> str:
    return hashlib.sha256(json.dumps(_plain(value), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def document_fingerprints(parsed) -> tuple[str, dict, dict] | None:
    """The fingerprints of one parsed document file (what `load_yaml` returned), or None when it is not
    a document (no mapping with an id)."""
    data = _plain(parsed)
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    doc_id = data["id"]
    title = (data.get("title") or {}).get("zh") if isinstance(data.get("title"), dict) else None
    measures = {}
    for provision in data.get("provisions") or []:
        if isinstance(provision, dict) and provision.get("kind") == "measure":
            measures[f"{doc_id}/{provision.get('id')}"] = _hash(provision)
    return doc_id, {"hash": _hash({k: v for k, v in data.items() if k != "provisions"}), "title": title or doc_id}, measures
