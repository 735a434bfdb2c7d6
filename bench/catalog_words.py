"""The words of the benchmark courses' titles, shared by the seeding (`seed.py`), the cloning to
100,000 courses (`grow.py`) and the URL lists of the catalog loads (P11, P12), so that every
search the loads make finds what the data holds, in the same share at any size.

A course numbered n (0-based, in creation order; clones continue the numbering) is titled
`{topic}·{tool} {category name}第{n + 1}讲`, e.g. `报关·Shopify 海关合规第17讲`, with
topic = TOPICS[n % 20] and tool = TOOLS[(n // 20) % 20]: each block of 400 consecutive courses
holds every (topic, tool) pair once. So a search for one pair (`报关·Shopify`) matches 1/400 =
0.25 % of the courses (2–3 of 1,000, 250 of 100,000), a single topic or tool 5 %. No word is
part of another word or of a category name (checked below), in either case (SQLite's `like`
ignores ASCII case, PostgreSQL's does not).
"""

TOPICS = ["选品", "报关", "结汇", "运营", "广告投放", "品牌出海", "客服", "仓储", "供应链", "数据分析",
          "短视频", "独立站", "商务谈判", "定价", "出口退税", "知识产权", "视觉设计", "社群", "海外仓", "风控"]
TOOLS = ["Amazon", "Shopify", "TikTok", "SEO", "ERP", "Excel", "Python", "Incoterms", "PayPal",
         "Lazada", "Shopee", "Temu", "eBay", "Etsy", "Google", "Facebook", "WMS", "HSCode", "CRM",
         "API"]
CATEGORIES = [
    ("cross_border_ecommerce", "跨境电商"),
    ("logistics_supply_chain", "国际物流"),
    ("payments_fx", "跨境支付"),
    ("customs_compliance", "海关合规"),
    ("digital_marketing", "数字营销"),
    ("live_commerce", "直播电商"),
    ("languages", "外语沟通"),
    ("management", "经营管理"),
    ("law_policy", "法规政策"),
    ("finance_tax", "财税金融"),
    ("digital_skills", "数字技能"),
    ("vocational_skills", "职业技能"),
]


def title(n, category_name):
    """The title of course n (≤ 27 characters; the API allows 30)."""
    return f"{pair(n)} {category_name}第{n + 1}讲"


def pair(n):
    return f"{TOPICS[n % len(TOPICS)]}·{TOOLS[(n // len(TOPICS)) % len(TOOLS)]}"


def pair_searches():
    """The 400 (topic, tool) searches, each matching 0.25 % of the courses."""
    return [f"{t}·{k}" for k in TOOLS for t in TOPICS]


def _check():
    words = TOPICS + TOOLS
    names = [name for _, name in CATEGORIES]
    for w in words:
        clash = [x for x in words + names if x != w and w.lower() in x.lower()]
        assert not clash, f"{w} is part of {clash}"
    assert len(set(words)) == len(words)


_check()
