//! Demo classroom for `ketang serve --demo`: two approved providers with logos and lecturers,
//! twelve listed courses across the categories (covers, an eight-second video every browser plays, comments),
//! one course waiting for review and one rejected. Fixed ids and `on conflict do nothing`, so
//! seeding twice changes nothing.

use std::io::Cursor;

use anyhow::Context;
use object_store::{ObjectStore, PutPayload};

use super::store::demo as store;
use crate::{db::now_ms, media::storage::MediaStorage, state::AppState};

/// Fixed ids: `019b7a40-0000-7000-8000-0000000c{kind}{n}`.
fn id(kind: u32, n: u32) -> String {
    format!("019b7a40-0000-7000-8000-0000000c{kind:02x}{n:02x}")
}

const ORG: u32 = 1;
const USER: u32 = 2;
const PROVIDER: u32 = 3;
const PROVIDER_REVISION: u32 = 4;
const LECTURER: u32 = 5;
const COURSE: u32 = 6;
const COURSE_REVISION: u32 = 7;
const MEDIA: u32 = 8;
const COMMENT: u32 = 9;

struct DemoProvider {
    org_name: &'static str,
    uscc: &'static str,
    name: &'static str,
    intro: &'static str,
    address: &'static str,
    colour: [u8; 3],
    lecturers: [(&'static str, &'static str, &'static str); 2],
}

const PROVIDERS: [DemoProvider; 2] = [
    DemoProvider {
        org_name: "海口示例数字贸易学院有限公司",
        uscc: "91460100MA5TDEM1XD",
        name: "海口数字贸易学院",
        intro: "面向自贸港企业的跨境电商与数字贸易实训机构，课程由一线运营团队讲授。",
        address: "海口市龙华区滨海大道 88 号",
        colour: [22, 119, 255],
        lecturers: [
            ("陈静", "female", "十年跨境电商运营经验，曾负责多个年销售额过亿的独立站。"),
            ("刘洋", "male", "国际物流与海外仓专家，熟悉自贸港加工增值政策。"),
        ],
    },
    DemoProvider {
        org_name: "三亚示例职业培训中心有限公司",
        uscc: "91460100MA5TDEM28D",
        name: "三亚职业培训中心",
        intro: "提供直播电商、外语沟通与职业技能提升课程，服务本地中小企业员工培训。",
        address: "三亚市吉阳区迎宾路 66 号",
        colour: [250, 140, 22],
        lecturers: [
            ("王芳", "female", "直播电商讲师，带领团队完成多场千万级直播。"),
            ("赵磊", "male", "外贸英语与商务谈判讲师，持有 CATTI 二级证书。"),
        ],
    },
];

/// (provider, title, category, mode, intro)
const COURSES: [(usize, &str, &str, &str, &str); 14] = [
    (
        0,
        "跨境电商入门与选品",
        "cross_border_ecommerce",
        "online",
        "从平台规则到选品方法，带你完成第一个跨境店铺。",
    ),
    (
        0,
        "海外仓与国际物流实务",
        "logistics_supply_chain",
        "online",
        "头程、海外仓、尾程与退货的全流程成本控制。",
    ),
    (
        0,
        "跨境收款与结汇合规",
        "payments_fx",
        "online",
        "主流收款工具对比，结汇流程与常见合规问题。",
    ),
    (
        0,
        "自贸港海关监管政策解读",
        "customs_compliance",
        "offline",
        "一线进出口、二线管住与加工增值免关税政策要点。",
    ),
    (0, "独立站数字营销", "digital_marketing", "online", "搜索、社媒与邮件营销的投放与复盘。"),
    (0, "跨境电商财税基础", "finance_tax", "online", "出口退税、增值税与企业所得税的基础知识。"),
    (1, "直播电商从零到一", "live_commerce", "online", "直播间搭建、话术设计与数据复盘。"),
    (1, "外贸英语沟通", "languages", "online", "询盘回复、报价与售后沟通的常用表达。"),
    (1, "中小企业经营管理", "management", "offline", "目标管理、团队激励与现金流管理。"),
    (1, "电子商务法律法规", "law_policy", "online", "电子商务法、广告法与消费者权益保护要点。"),
    (
        1,
        "AI 工具提升办公效率",
        "digital_skills",
        "online",
        "用 AI 写文案、做表格、做图片的实用方法。",
    ),
    (1, "电商客服职业技能", "vocational_skills", "online", "客服流程、情绪管理与纠纷处理。"),
    // Not listed: one waiting for review, one rejected.
    (
        0,
        "跨境电商进阶：品牌出海",
        "cross_border_ecommerce",
        "online",
        "品牌定位、商标注册与海外渠道建设。",
    ),
    (1, "短视频带货技巧", "live_commerce", "online", "短视频脚本与拍摄剪辑。"),
];

const LISTED: usize = 12;

fn png(width: u32, height: u32, colour: [u8; 3], stripe: u32) -> anyhow::Result<Vec<u8>> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let band = ((x + y + stripe * 37) / 24).is_multiple_of(2);
        let shade = |c: u8| if band { c } else { c.saturating_add(28) };
        image::Rgb([shade(colour[0]), shade(colour[1]), shade(colour[2])])
    });
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).context("demo picture")?;
    Ok(bytes.into_inner())
}

struct DemoFile<'a> {
    id: String,
    owner: &'a str,
    org: &'a str,
    purpose: &'a str,
    bytes: Vec<u8>,
    content_type: &'a str,
    size: (Option<i64>, Option<i64>),
    duration_ms: Option<i64>,
    visibility: &'a str,
}

async fn store_file(state: &AppState, file: DemoFile<'_>, now: i64) -> anyhow::Result<String> {
    let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&file.bytes));
    let blob = MediaStorage::blob_path(&sha256);
    if state.media.store.head(&blob).await.is_err() {
        state
            .media
            .store
            .put(&blob, PutPayload::from(file.bytes.clone()))
            .await
            .context("store demo file")?;
    }
    let media = store::NewMedia {
        id: &file.id,
        owner_user_id: file.owner,
        org_id: file.org,
        purpose: file.purpose,
        sha256: &sha256,
        size: i64::try_from(file.bytes.len())?,
        content_type: file.content_type,
        width: file.size.0,
        height: file.size.1,
        duration_ms: file.duration_ms,
        file_name: &format!("demo-{}", file.purpose),
        visibility: file.visibility,
        created_at: now,
    };
    store::insert_media(&state.db, &media).await.context("demo media row")?;
    Ok(file.id)
}

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let db = &state.db;
    let now = now_ms();
    let day = 24 * 60 * 60 * 1000;
    // Users and orgs first: files belong to them.
    for (p, provider) in PROVIDERS.iter().enumerate() {
        let p32 = u32::try_from(p)?;
        let (org, user) = (id(ORG, p32), id(USER, p32));
        let (mobile, display_name) = (format!("1380000010{p}"), format!("{}管理员", provider.name));
        store::insert_user(db, &user, &mobile, &display_name, now).await?;
        let (org_name, uscc, address) = (provider.org_name, provider.uscc, provider.address);
        store::insert_certified_org(db, &org, org_name, uscc, address, now).await?;
        store::insert_owner(db, &org, &user, now).await?;
    }
    let (video_owner, video_org) = (id(USER, 0), id(ORG, 0));
    let video = store_file(
        state,
        DemoFile {
            id: id(MEDIA, 0),
            owner: &video_owner,
            org: &video_org,
            purpose: "course_video",
            bytes: include_bytes!("../../assets/demo/course-video-656x368.mp4").to_vec(),
            content_type: "video/mp4",
            size: (Some(656), Some(368)),
            duration_ms: Some(8000),
            visibility: "private",
        },
        now,
    )
    .await?;

    for (p, provider) in PROVIDERS.iter().enumerate() {
        let p32 = u32::try_from(p)?;
        let (org, user) = (id(ORG, p32), id(USER, p32));
        let logo = store_file(
            state,
            DemoFile {
                id: id(MEDIA, 0x10 + p32),
                owner: &user,
                org: &org,
                purpose: "provider_logo",
                bytes: png(185, 74, provider.colour, p32)?,
                content_type: "image/png",
                size: (Some(185), Some(74)),
                duration_ms: None,
                visibility: "public",
            },
            now,
        )
        .await?;
        let (provider_id, revision_id) = (id(PROVIDER, p32), id(PROVIDER_REVISION, p32));
        let approved_at = now - 30 * day;
        store::insert_provider(db, &provider_id, &org, &revision_id, provider.address, approved_at)
            .await?;
        let revision = store::NewProviderRevision {
            id: &revision_id,
            provider_id: &provider_id,
            name: provider.name,
            logo_media_id: &logo,
            intro: provider.intro,
            submitted_by: &user,
            at: approved_at,
        };
        store::insert_provider_revision(db, &revision).await?;
        for (l, (name, gender, intro)) in provider.lecturers.iter().enumerate() {
            let lecturer_id = id(LECTURER, p32 * 2 + u32::try_from(l)?);
            store::insert_lecturer(db, &lecturer_id, &provider_id, name, gender, intro, now)
                .await?;
        }
    }

    for (c, (p, title, category, mode, intro)) in COURSES.iter().enumerate() {
        let (c32, p32) = (u32::try_from(c)?, u32::try_from(*p)?);
        let (org, user) = (id(ORG, p32), id(USER, p32));
        let cover = store_file(
            state,
            DemoFile {
                id: id(MEDIA, 0x20 + c32),
                owner: &user,
                org: &org,
                purpose: "course_cover",
                bytes: png(386, 240, PROVIDERS[*p].colour, c32 + 1)?,
                content_type: "image/png",
                size: (Some(386), Some(240)),
                duration_ms: None,
                visibility: "public",
            },
            now,
        )
        .await?;
        let (course_id, revision_id) = (id(COURSE, c32), id(COURSE_REVISION, c32));
        let listed = c < LISTED;
        let (status, reason) = match c {
            _ if listed => ("approved", None),
            12 => ("pending", None),
            _ => ("rejected", Some("课程简介与视频内容不符，请补充课程大纲。")),
        };
        // Older courses first, so the catalog's newest-first order shows a spread.
        let decided_at = now - i64::from(14 - c32) * day;
        let live_revision_id = listed.then_some(revision_id.as_str());
        store::insert_course(db, &course_id, &id(PROVIDER, p32), live_revision_id, decided_at)
            .await?;
        let revision = store::NewCourseRevision {
            id: &revision_id,
            course_id: &course_id,
            status,
            title,
            training_mode: mode,
            category_code: category,
            cover_media_id: &cover,
            video_media_id: &video,
            intro,
            reject_reason: reason,
            submitted_by: &user,
            submitted_at: decided_at - day,
            decided_at: (status != "pending").then_some(decided_at),
        };
        store::insert_course_revision(db, &revision).await?;
        store::insert_revision_lecturer(db, &revision_id, &id(LECTURER, p32 * 2 + c32 % 2)).await?;
        if listed {
            let mut conn = db.pool.acquire().await?;
            super::title_search::index_title(&mut conn, &course_id, title, decided_at).await?;
        }
    }

    let comments = [
        (0, "讲得很清楚，选品部分特别实用。", 5, Some("谢谢支持，后续会更新更多案例！")),
        (0, "希望多讲一些平台规则的变化。", 4, None),
        (6, "直播话术部分收获很大。", 5, None),
        (7, "例句很实用，适合外贸新人。", 4, Some("感谢反馈，欢迎继续学习进阶课程。")),
    ];
    for (n, (course, body, rating, reply)) in comments.iter().enumerate() {
        let n32 = u32::try_from(n)?;
        let comment = store::NewComment {
            id: &id(COMMENT, n32),
            course_id: &id(COURSE, *course),
            user_id: &id(USER, 1 - (*course / 6).min(1)),
            body,
            rating: i16::try_from(*rating)?,
            reply: *reply,
            replied_at: reply.map(|_| now),
            created_at: now - i64::from(4 - n32) * day,
        };
        store::insert_comment(db, &comment).await?;
    }
    Ok(())
}
