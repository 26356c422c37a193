"""The factory of each scoped model, for the tests that walk every URL or every model.

``object_in(model, area)`` makes one object of ``model`` inside ``area``. A model whose
pages are scoped needs its factory here: tests/test_scope_urls.py fails until it has one.
"""

from __future__ import annotations

from typing import Any

from cadres import models as cadres
from campaigns import models as campaigns
from laoshan_portal.accounts.models import Area, User
from reports import models as reports
from retirees import models as retirees
from tests.factories.accounts import StaffFactory
from tests.factories.cadres import CadreFactory, CheckInFactory, NeedFactory, PostFactory
from tests.factories.campaigns import CampaignActivityFactory, CampaignFactory, CampaignPhotoFactory
from tests.factories.mediation import (
    AgreementScanFactory,
    MediationCaseFactory,
    MediationFollowUpFactory,
    MediationItemFactory,
    MediationRecordFactory,
    PartyFactory,
)
from tests.factories.reports import AreaMonthFactory, MonthlyReportFactory
from tests.factories.retirees import (
    ActivationCodeFactory,
    CorrectionRequestFactory,
    RetireeAccountFactory,
)
from tests.factories.volunteering import (
    CertificateFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
    TeamFactory,
    TeamMemberFactory,
)
from tests.factories.workrooms import (
    AgreementFactory,
    ClusterFactory,
    MechanismFactory,
    MeetingFactory,
    WorkroomActivityFactory,
    WorkroomAgreementItemFactory,
    WorkroomFactory,
    WorkroomFollowUpFactory,
    WorkroomPhotoFactory,
)
from volunteering import models as volunteering
from volunteering.mediation import models as mediation
from workrooms import models as workrooms

FACTORIES: dict[type, Any] = {
    User: StaffFactory,
    cadres.Cadre: CadreFactory,
    cadres.CheckIn: CheckInFactory,
    cadres.Post: PostFactory,
    cadres.Need: NeedFactory,
    campaigns.Campaign: CampaignFactory,
    campaigns.CampaignActivity: CampaignActivityFactory,
    campaigns.ActivityPhoto: CampaignPhotoFactory,
    mediation.MediationCase: MediationCaseFactory,
    mediation.Party: PartyFactory,
    mediation.MediationRecord: MediationRecordFactory,
    mediation.AgreementScan: AgreementScanFactory,
    mediation.AgreementItem: MediationItemFactory,
    mediation.FollowUp: MediationFollowUpFactory,
    reports.AreaMonth: AreaMonthFactory,
    reports.MonthlyReport: MonthlyReportFactory,
    retirees.RetireeAccount: RetireeAccountFactory,
    retirees.ActivationCode: ActivationCodeFactory,
    retirees.CorrectionRequest: CorrectionRequestFactory,
    volunteering.Team: TeamFactory,
    volunteering.TeamMember: TeamMemberFactory,
    volunteering.ServiceActivity: ServiceActivityFactory,
    volunteering.ServiceRecord: ServiceRecordFactory,
    volunteering.Certificate: CertificateFactory,
    workrooms.Workroom: WorkroomFactory,
    workrooms.Cluster: ClusterFactory,
    workrooms.Activity: WorkroomActivityFactory,
    workrooms.ActivityPhoto: WorkroomPhotoFactory,
    workrooms.Mechanism: MechanismFactory,
    workrooms.Meeting: MeetingFactory,
    workrooms.FollowUp: WorkroomFollowUpFactory,
    workrooms.Agreement: AgreementFactory,
    workrooms.AgreementItem: WorkroomAgreementItemFactory,
}
# An area is the object of its own pages.
SCOPED_MODELS: list[type] = [Area, *FACTORIES]


def object_in(model: type, area: Area) -> Any:
    """An object of ``model`` inside ``area`` (for an area: the area itself)."""
    return area if model is Area else FACTORIES[model](area=area)
