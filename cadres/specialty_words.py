"""Everyday words for the specialty tags (see migration 0002's list): a search for 律师
finds the cadres tagged 法律, one for 医生 those tagged 医疗卫生."""

from __future__ import annotations

SPECIALTY_WORDS: dict[str, tuple[str, ...]] = {
    "律师": ("法律",),
    "法官": ("法律",),
    "检察": ("法律",),
    "法务": ("法律",),
    "司法": ("法律",),
    "会计": ("财务会计",),
    "财务": ("财务会计",),
    "审计": ("财务会计",),
    "老师": ("教育",),
    "教师": ("教育",),
    "校长": ("教育",),
    "医生": ("医疗卫生",),
    "大夫": ("医疗卫生",),
    "护士": ("医疗卫生",),
    "医院": ("医疗卫生",),
    "工程师": ("建筑工程",),
    "建筑": ("建筑工程",),
    "物业": ("物业管理",),
    "党务": ("党建工作",),
    "组织部": ("党建工作",),
    "调解": ("矛盾调解",),
    "信访": ("矛盾调解",),
    "书法": ("书法绘画",),
    "画家": ("书法绘画",),
    "绘画": ("书法绘画",),
    "电脑": ("信息技术",),
    "计算机": ("信息技术",),
    "程序": ("信息技术",),
    "宣讲": ("红色宣讲",),
    "讲师": ("红色宣讲",),
    "经济": ("经济管理",),
    "企业管理": ("经济管理",),
    "农业": ("农业技术",),
    "农技": ("农业技术",),
    "拍照": ("摄影",),
    "相机": ("摄影",),
    "体育": ("文体活动",),
    "唱歌": ("文化艺术", "文体活动"),
    "跳舞": ("文化艺术", "文体活动"),
    "演员": ("文化艺术",),
}


def specialty_names_for(text: str) -> set[str]:
    """The names of the tags that ``text`` stands for, by the table above."""
    return {name for word, names in SPECIALTY_WORDS.items() if word in text for name in names}
