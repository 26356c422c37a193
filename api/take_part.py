"""Where the endpoints of taking part are added: signing up for a need or an activity
(报名), proposals (建言献策) and concerns (我要反映). Each registers its viewset on
``router`` (``router.register("proposals", ProposalViewSet, basename="proposal")``),
reading and writing through retirees' selectors and services; the URLs appear under
/api/v1/ with the rest."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
