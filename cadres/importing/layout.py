"""The bureau's sheet layout (登记表): its columns, and the spellings its values come in."""

from __future__ import annotations

from dataclasses import dataclass

# The column headers are the bureau's file format, a data contract shared with the sheets
# that streets and communities already keep: they are these Chinese words whatever the
# interface language, so they are data here and not translatable text.


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    width: int = 12
    sensitive: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("serial", "序号", ("编号",), width=6),
    Column("name", "姓名", ("名字",), required=True, width=10),
    Column("gender", "性别", (), required=True, width=6),
    Column("ethnicity", "民族", (), width=8),
    Column("birth_date", "出生年月", ("出生日期", "出生年月日", "生日"), required=True),
    Column("id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证"), width=21,
           sensitive=True),
    Column("political_status", "政治面貌", (), required=True),
    Column("party_join_date", "入党时间", ("入党日期", "入党年月")),
    Column("former_unit", "原工作单位", ("原单位", "工作单位", "离退休前单位"), width=24),
    Column("former_post", "原职务", ("职务", "离退休前职务")),
    Column("rank", "职级", ("级别", "职级待遇")),
    Column("retirement_date", "离退休时间", ("退休时间", "离休时间", "退休日期", "离退休日期")),
    Column("retirement_kind", "离退休类别", ("离退休类型", "离退休", "类别")),
    Column("area_code", "区域代码", ("居住区域代码", "区划代码")),
    Column("street", "居住街道", ("街道", "所在街道")),
    Column("community", "居住社区", ("社区", "社区/村", "居住社区/村", "所在社区", "村")),
    Column("compound", "居住小区", ("小区", "所在小区")),
    Column("address", "家庭住址", ("住址", "居住地址", "地址", "现住址"), width=28),
    Column("mobile", "联系电话", ("手机", "手机号", "手机号码", "电话", "联系方式"), width=14,
           sensitive=True),
    Column("landline", "固定电话", ("座机", "家庭电话", "住宅电话"), width=14, sensitive=True),
    Column("party_relation", "组织关系所在", ("党组织关系", "组织关系", "党组织关系所在")),
    Column("living_arrangement", "家庭情况", ("居住情况", "居住状况"), sensitive=True),
    Column("family_notes", "家庭备注", ("家庭情况备注",), sensitive=True),
    Column("spouse", "配偶", ("配偶姓名",), sensitive=True),
    Column("emergency_contact", "紧急联系人", ("紧急联系人及电话",), width=16, sensitive=True),
    Column("health_notes", "身体状况", ("健康状况", "身体情况"), width=14, sensitive=True),
    Column("self_care", "自理能力", ("生活自理能力",), sensitive=True),
    Column("mobility", "行动能力", ("行动情况",), sensitive=True),
    Column("chronic_conditions", "慢性病", ("慢性病情况", "患病情况"), sensitive=True),
    Column("specialties", "爱好特长", ("特长", "专长", "兴趣特长", "爱好"), width=20),
    Column("specialty_notes", "特长补充说明", ("特长说明",), width=16),
    Column("service_kinds", "发挥作用意向", ("作用发挥意向", "服务意向", "意向"), width=20),
    Column("available_time", "可服务时间", ("服务时间",)),
    Column("max_distance", "服务范围", ("服务距离",)),
)  # fmt: skip
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
EXAMPLE_MARK = "示例"
EXAMPLE_ID = "37021219580315123"  # 17 digits; the check character is computed

# Spellings found in the bureau's sheets for values of the managed lists.
SPECIALTY_SYNONYMS = {
    "党务": "党建工作",
    "文艺": "文化艺术",
    "宣讲": "红色宣讲",
    "调解": "矛盾调解",
}
SERVICE_SYNONYMS = {
    "社区治理": "小区治理",
    "红色宣讲": "政策宣讲",
    "宣讲": "政策宣讲",
    "矛盾调解": "矛盾纠纷调解",
    "调解": "矛盾纠纷调解",
}
CHOICE_SYNONYMS: dict[str, dict[str, str]] = {
    "gender": {"男性": "M", "女性": "F"},
    "political_status": {
        "党员": "party_member",
        "共产党员": "party_member",
        "中国共产党党员": "party_member",
        "预备党员": "probationary",
        "民革": "democratic_party",
        "民盟": "democratic_party",
        "民建": "democratic_party",
        "民进": "democratic_party",
        "农工党": "democratic_party",
        "致公党": "democratic_party",
        "九三学社": "democratic_party",
        "台盟": "democratic_party",
        "无党派": "masses",
        "无党派人士": "masses",
    },
    "retirement_kind": {"离休干部": "lixiu", "退休干部": "tuixiu"},
    "living_arrangement": {
        "空巢": "empty_nest",
        "与配偶同住": "empty_nest",
        "夫妻同住": "empty_nest",
        "与老伴同住": "empty_nest",
        "与子女同住": "with_children",
        "随子女居住": "with_children",
        "养老院": "care_home",
        "养老机构": "care_home",
    },
    "self_care": {"自理": "full", "能自理": "full", "部分自理": "partial", "需照护": "none"},
    "mobility": {"行动便利": "good", "便利": "good", "不便": "limited", "轮椅": "wheelchair"},
    "party_relation": {"原单位": "former_unit", "居住地": "residence", "社区": "residence"},
    "available_time": {"随时可以": "any", "双休日": "weekends"},
    "max_distance": {
        "小区": "compound",
        "社区": "community",
        "街道": "street",
        "全区范围": "district",
    },
}
CHOICE_FIELDS = (
    "gender", "political_status", "retirement_kind", "party_relation", "living_arrangement",
    "self_care", "mobility", "available_time", "max_distance",
)  # fmt: skip
