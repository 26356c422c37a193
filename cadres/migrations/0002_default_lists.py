"""The managed lists start with the specialties and kinds of service the bureau uses."""

from django.db import migrations

SPECIALTIES = [
    "法律", "财务会计", "教育", "医疗卫生", "建筑工程", "物业管理", "党建工作", "矛盾调解",
    "文化艺术", "书法绘画", "信息技术", "红色宣讲", "经济管理", "农业技术", "摄影", "文体活动",
]  # fmt: skip
SERVICE_KINDS = [
    "政策宣讲", "矛盾纠纷调解", "志愿服务", "关心下一代", "建言献策", "党建指导", "文明新风",
    "小区治理", "结对帮扶",
]  # fmt: skip


def add_lists(apps, schema_editor):
    SpecialtyTag = apps.get_model("cadres", "SpecialtyTag")
    ServiceKind = apps.get_model("cadres", "ServiceKind")
    for order, name in enumerate(SPECIALTIES):
        SpecialtyTag.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(SERVICE_KINDS):
        ServiceKind.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]
    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
