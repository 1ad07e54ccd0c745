"""What a generated page is made from, so that the render cache can re-render only the pages an edit
changed (site/render_cache.py).

A page is a function of: the code, templates and settings (one key for the whole render); the page plan
and the analysis (counts, indexes, related measures, targets, paging: computed before any page); the
reference tables; and the documents whose records it reads. The first three are hashed together as the
*skeleton*: the corpus, the analysis and the plan serialised with every `Document` and `Provision` object
replaced by a token (its id, or its document's id and position). Everything else in them — the rows'
agency, theme and framework lists, targets with their source spans, related measures with their
scores, the reference tables — is serialised by value, so a change anywhere in it changes the skeleton.
What the tokens leave out, the documents' own records, is traced: while a page renders, an attribute read
on a `Document` adds that document's own fields to the page's reads, one on a `Provision` that provision,
one on the dataset version (`SiteVersion`) that version (`DocumentReads`; `document_keys` hashes each).

So when the skeleton is unchanged, a page can differ from its stored render only if a record it read
changed; and a page that read no changed record is the stored render. Anything the serialisation cannot
take (an object pickle refuses) gives no skeleton: every page is rendered.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import fields as dataclass_fields
from dataclasses import replace

from generator.data.dataset import SiteVersion
from generator.data.model import Corpus, Document, Provision
from generator.site.pages import SitePlan

# The classes whose attribute reads are traced (everything else: by value). The dataset version the site
# states is one object for the whole corpus, but it changes with the first edit after a release ("+unreleased")
# and only citations print it: traced like a document, under a name no document id can have.
TRACED = (Document, Provision, SiteVersion)
SITE_VERSION = "@site-version"
_reads: set[str] | None = None  # what the page being rendered has read so far (names as in document_keys)
_owner: dict[int, str] = {}  # id() of every traced object of the corpus → the name its reads are recorded under
# Objects already recorded in the current set, moved to an untraced twin class until the set changes: a page
# reads the same records again and again (a measure's label path alone is dozens of reads), and calling the
# tracer on every read was a quarter of a clean render (15 million calls per language at 100×).
_recorded: list = []


def _untraced(cls: type) -> type:
    """A subclass that reads attributes without the tracer; same name, so reprs and messages are unchanged."""
    return type(cls.__name__, (cls,), {"__getattribute__": object.__getattribute__, "__slots__": (),
                                         "__qualname__": cls.__qualname__, "__module__": cls.__module__})


_UNTRACED = {cls: _untraced(cls) for cls in TRACED}


def _traced_getattribute(self, name, _get=object.__getattribute__, _set_class=object.__setattr__):
    if _reads is not None:
        owner = _owner.get(id(self))
        if owner is not None:
            _reads.add(owner)
            _set_class(self, "__class__", _UNTRACED[type(self)])
            _recorded.append(self)
    return _get(self, name)


def _trace_again() -> None:
    """Every object recorded so far back to its traced class (before reads start going to another set)."""
    for obj in _recorded:
        object.__setattr__(obj, "__class__", type(obj).__base__)
    _recorded.clear()


class DocumentReads:
    """Traces which records each page reads (one render at a time, in this process and its forks)."""

    def __init__(self, corpus: Corpus):
        self.owner: dict[int, str] = {id(corpus.site_version): SITE_VERSION} if corpus.site_version is not None else {}
        for doc in corpus.documents.values():
            self.owner[id(doc)] = doc.id
            for number, provision in enumerate(doc.provisions):
                self.owner[id(provision)] = provision_name(doc.id, number)

    @contextmanager
    def installed(self):
        """Route attribute reads of the traced classes through the tracer while the render runs."""
        global _owner
        saved = [cls.__dict__.get("__getattribute__") for cls in TRACED]
        _owner = self.owner
        for cls in TRACED:
            cls.__getattribute__ = _traced_getattribute
        try:
            yield self
        finally:
            _trace_again()
            for cls, original in zip(TRACED, saved):
                if original is None:
                    del cls.__getattribute__
                else:
                    cls.__getattribute__ = original
            _owner = {}

    @contextmanager
    def page(self):
        """Collect the documents read inside the block into the yielded set."""
        global _reads
        found: set[str] = set()
        _trace_again()
        _reads = found
        try:
            yield found
        finally:
            _trace_again()
            _reads = None

    @contextmanager
    def part(self):
        """Collect the reads inside the block into the yielded set instead of the page's: a data file
        beside a page (an explorer rows file, a compare file) that is rendered again on its own."""
        global _reads
        outer, found = _reads, set()
        _trace_again()
        _reads = found
        try:
            yield found
        finally:
            _trace_again()  # what the part read, the page has not recorded
            _reads = outer


def _token(*parts) -> tuple:
    return parts


def _fields(obj) -> tuple:
    """A dataclass as its shown fields (not the lazily built lookups), sets sorted: a set pickles in the
    order of its hashes, which differs from one process to the next."""
    return tuple(sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
                 for value in (getattr(obj, f.name) for f in dataclass_fields(obj) if f.repr))


def skeleton_key(corpus: Corpus, *parts) -> str | None:
    """The hash of the corpus and `parts` (the analysis, the page plan) with the documents' records as
    tokens; None when something in them cannot be serialised.

    Pickled (in C: the callbacks below run only for the types they name), defaultdicts as dicts, the corpus
    and the plan as their fields with sets sorted (the corpus's lazily built lookups are derived). Pickle's memo makes shared
    objects cheap; it also makes the bytes depend on which equal values are one object, which can only
    make two equal skeletons differ (a full render), never two different ones equal."""
    tokens: dict[int, tuple] = {id(corpus.site_version): (SITE_VERSION,)} if corpus.site_version is not None else {}
    for doc in corpus.documents.values():
        tokens[id(doc)] = ("document", doc.id)
        for number, provision in enumerate(doc.provisions):
            tokens[id(provision)] = ("provision", doc.id, number)

    def traced(obj):
        found = tokens.get(id(obj))
        return (_token, found) if found else (_token, ("foreign", type(obj).__name__, repr(obj)))

    table = {Document: traced, Provision: traced, SiteVersion: traced, defaultdict: lambda d: (dict, (dict(d),)),
             Corpus: lambda c: (Corpus, _fields(c)), SitePlan: lambda plan: (SitePlan, _fields(plan))}
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = table
    try:
        pickler.dump((corpus, *parts))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
        return None
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def provision_name(doc_id: str, number: int) -> str:
    """What a read of a document's provision (by its position) is recorded as; "#" is in no document id."""
    return f"{doc_id}#{number}"


def _hash(value) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


# The hashes of the last call, by record: id → (the record, its hash). The preview loads an unchanged file's
# records as the same objects after every save (data/load_cache.keep_in_process) and nothing changes a
# record once loaded, so a record seen last time keeps its hash (hashing every provision's repr was
# seconds of each 100× save). The record is held, so its id cannot name another object meanwhile.
_last_hashes: dict[int, tuple[object, str]] = {}


def document_keys(corpus: Corpus) -> dict[str, str]:
    """The hash of everything a page can read, by the name its reads are recorded under: each provision
    (its repr: every field, however it was loaded), each document's own fields with its provisions as
    their ids, parents and labels (the structure its lookups use), and the site's dataset version. A document's
    own fields are read by far more pages (its title names it wherever its measures are listed) than any
    one measure, so an edit to one measure renders again only the pages that read that measure."""
    global _last_hashes
    before, now = _last_hashes, {}

    def hashed(record, value) -> str:
        known = before.get(id(record))
        if known is None or known[0] is not record:
            known = (record, _hash(value(record)))
        now[id(record)] = known
        return known[1]

    keys = {SITE_VERSION: _hash(corpus.site_version)}
    for doc in corpus.documents.values():
        # labels too: a measure's printed label path depends on which label paths repeat in its document
        # (Document.labelled_path), counted once per document object and then read from its cache
        keys[doc.id] = hashed(doc, lambda d: replace(d, provisions=[(p.id, p.parent, p.label) for p in d.provisions]))
        for number, provision in enumerate(doc.provisions):
            keys[provision_name(doc.id, number)] = hashed(provision, lambda p: p)
    _last_hashes = now
    return keys
