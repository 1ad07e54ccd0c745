"""The page templates' calls (site/render._PlainCallContext): what Jinja would call with the context, the
environment or the evaluation context still gets it; everything else is called as it is, with the same
result, however often and in whatever order the two kinds are called."""

from __future__ import annotations

import pytest
from jinja2 import Environment, pass_context, pass_environment

from generator.site.render import _PlainCallContext

pytestmark = pytest.mark.unit


class Helper:
    def plain(self, value):
        return f"plain:{value}"

    @pass_context
    def with_context(self, context, key):  # a method that wants the context (bound: the context comes second)
        return f"ctx:{context[key]}"


@pass_context
def needs_context(context, key):
    return f"fn-ctx:{context[key]}"


@pass_environment
def needs_environment(environment):
    return f"env:{environment.__class__.__name__}"


class CallableWithContext:
    @pass_context
    def __call__(self, context):
        return f"obj-ctx:{context['x']}"


SOURCE = ("{% macro m(v) %}[{{ v }}]{% endmacro %}"
          "{% for i in range(2) %}{{ h.plain(i) }} {{ h.with_context('x') }} {{ needs_context('x') }} "
          "{{ needs_environment() }} {{ obj() }} {{ m(i) }} {{ d.get('a') }} {{ len(items) }};{% endfor %}")


def render(context_class=None) -> str:
    env = Environment(autoescape=True)
    if context_class is not None:
        env.context_class = context_class
    return env.from_string(SOURCE).render(h=Helper(), needs_context=needs_context, needs_environment=needs_environment,
                                          obj=CallableWithContext(), d={"a": "A"}, len=len, items=[1, 2, 3], x="X")


def test_callables_that_want_the_context_get_it_and_the_others_are_called_as_they_are():
    out = render(_PlainCallContext)
    once = "{i} ctx:X fn-ctx:X env:Environment obj-ctx:X [{i}] A 3;"
    assert out == "".join("plain:" + once.format(i=i) for i in range(2))
    assert render() == out  # Jinja's own Context renders the same
