"""The factory of each scoped model, for the tests that walk every URL or every model.

``object_in(model, area)`` makes one object of ``model`` inside ``area``. A model whose
pages are scoped needs its factory here: tests/test_scope_urls.py fails until it has one.
"""

from __future__ import annotations

from typing import Any

from cadres import models as cadres
from campaigns import models as campaigns
from care import models as care
from funds import models as funds
from laoshan_portal.accounts.models import Area, User
from reports import models as reports
from retirees import models as retirees
from tests.factories.accounts import StaffFactory
from tests.factories.cadres import CadreFactory, CheckInFactory, NeedFactory, PostFactory
from tests.factories.campaigns import CampaignActivityFactory, CampaignFactory, CampaignPhotoFactory
from tests.factories.care import (
    CareListEntryFactory,
    CarePlanFactory,
    ReferralFactory,
    VisitFactory,
    VisitPhotoFactory,
)
from tests.factories.funds import AllocationFactory, BudgetLineFactory, SpendingFactory
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
    ActivitySignupFactory,
    ConcernFactory,
    CorrectionRequestFactory,
    NeedOfferFactory,
    PlannedActivityFactory,
    ProposalFactory,
    RetireeAccountFactory,
)
from tests.factories.todo import TodoSnapshotFactory
from tests.factories.university import (
    BookingFactory,
    CourseCertificateFactory,
    CourseFactory,
    EnrolmentFactory,
    LessonFactory,
    RoomFactory,
    TermFactory,
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
from todo import models as todo
from university import models as university
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
    care.CareListEntry: CareListEntryFactory,
    care.Visit: VisitFactory,
    care.VisitPhoto: VisitPhotoFactory,
    care.CarePlan: CarePlanFactory,
    care.Referral: ReferralFactory,
    funds.BudgetLine: BudgetLineFactory,
    funds.Allocation: AllocationFactory,
    funds.Spending: SpendingFactory,
    mediation.MediationCase: MediationCaseFactory,
    mediation.Party: PartyFactory,
    mediation.MediationRecord: MediationRecordFactory,
    mediation.AgreementScan: AgreementScanFactory,
    mediation.AgreementItem: MediationItemFactory,
    mediation.FollowUp: MediationFollowUpFactory,
    reports.AreaMonth: AreaMonthFactory,
    reports.MonthlyReport: MonthlyReportFactory,
    todo.TodoSnapshot: TodoSnapshotFactory,
    university.Term: TermFactory,
    university.Course: CourseFactory,
    university.Enrolment: EnrolmentFactory,
    university.Lesson: LessonFactory,
    university.CourseCertificate: CourseCertificateFactory,
    university.Room: RoomFactory,
    university.Booking: BookingFactory,
    retirees.RetireeAccount: RetireeAccountFactory,
    retirees.ActivationCode: ActivationCodeFactory,
    retirees.CorrectionRequest: CorrectionRequestFactory,
    retirees.NeedOffer: NeedOfferFactory,
    retirees.Proposal: ProposalFactory,
    retirees.Concern: ConcernFactory,
    retirees.PlannedActivity: PlannedActivityFactory,
    retirees.ActivitySignup: ActivitySignupFactory,
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
