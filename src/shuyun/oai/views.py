"""/oai: the OAI-PMH 2.0 endpoint (GET and form-encoded POST, as the protocol allows)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from shuyun.federation.apikeys import ApiClient, client_for_key
from shuyun.oai import services
from shuyun.oai.formats import FormatRegistry, registry
from shuyun.oai.protocol import OAIRequest, ProtocolError, parse_request
from shuyun.oai.responses import error_document, stream
from shuyun.oai.verbs import HANDLERS, Context

CONTENT_TYPE = "text/xml; charset=utf-8"


def _client(request: HttpRequest) -> ApiClient | None:
    """A member library's harvester may identify itself with its API key, to be counted."""
    key = request.headers.get("X-API-Key", "")
    return client_for_key(key) if key else None


def _echo(oai_request: OAIRequest) -> dict[str, str]:
    return {"verb": oai_request.verb.value, **oai_request.arguments}


def respond(request: HttpRequest, formats: FormatRegistry) -> HttpResponseBase:
    """Answer one protocol request with the given metadata formats on offer."""
    response_date = timezone.now()
    params = request.POST if request.method == "POST" else request.GET
    base_url = request.build_absolute_uri(reverse("oai:endpoint"))
    context = Context(formats, base_url, settings.SHUYUN_OAI_PAGE_SIZE)
    client = _client(request)
    oai_request = None
    try:
        oai_request = parse_request(dict(params.lists()))
        answer = HANDLERS[oai_request.verb](oai_request, context)
    except ProtocolError as error:
        echoed = _echo(oai_request) if oai_request else {}
        services.count_harvest(client, echoed.get("verb", ""), error=error.code.value)
        body = error_document(base_url, response_date, echoed, error.code, error.message)
        return HttpResponse(body, content_type=CONTENT_TYPE)
    services.count_harvest(client, oai_request.verb.value, **context.stats)
    echoed = _echo(oai_request)
    chunks = stream(base_url, response_date, echoed, oai_request.verb.value, answer)
    return StreamingHttpResponse(chunks, content_type=CONTENT_TYPE)


@csrf_exempt  # harvesters POST without cookies; nothing here changes state
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponseBase:
    return respond(request, registry)
