//! List conventions (SPEC §9): `?page=&page_size=` (at most 100) answered with `total`, and
//! RFC 8288 `Link` headers to the first, previous, next and last pages (GitHub's convention).

use actix_web::{HttpRequest, HttpResponse, Responder, body::BoxBody, http::header};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

pub const MAX_PAGE_SIZE: u32 = 100;
const DEFAULT_PAGE_SIZE: u32 = 20;

#[derive(Debug, Clone, Copy, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number.
    #[serde(default = "first_page")]
    #[param(minimum = 1, maximum = 1000000, default = 1)]
    #[validate(range(min = 1, max = 1_000_000))]
    pub page: u32,
    /// Items per page.
    #[serde(default = "default_page_size")]
    #[param(minimum = 1, maximum = 100, default = 20)]
    #[validate(range(min = 1, max = 100))]
    pub page_size: u32,
}

fn first_page() -> u32 {
    1
}

fn default_page_size() -> u32 {
    DEFAULT_PAGE_SIZE
}

impl PageQuery {
    pub fn limit(&self) -> i64 {
        i64::from(self.page_size)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.page_size)
    }
}

/// One page of a list, with the total across all pages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Number of items across all pages.
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, query: PageQuery) -> Self {
        Self {
            items,
            total: u64::try_from(total).unwrap_or_default(),
            page: query.page,
            page_size: query.page_size,
        }
    }
}

impl<T> Page<T> {
    fn last_page(&self) -> u64 {
        self.total.div_ceil(u64::from(self.page_size.max(1))).max(1)
    }

    /// `<…?page=N…>; rel="…"` for each neighbour that exists, keeping the other parameters.
    fn link_header(&self, req: &HttpRequest) -> String {
        let others: Vec<(String, String)> =
            url::form_urlencoded::parse(req.query_string().as_bytes())
                .filter(|(k, _)| k != "page")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        let link = |page: u64, rel: &str| {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(others.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .append_pair("page", &page.to_string())
                .finish();
            format!("<{}?{query}>; rel=\"{rel}\"", req.path())
        };
        let (page, last) = (u64::from(self.page), self.last_page());
        let mut links = vec![link(1, "first")];
        if page > 1 {
            links.push(link((page - 1).min(last), "prev"));
        }
        if page < last {
            links.push(link(page + 1, "next"));
        }
        links.push(link(last, "last"));
        links.join(", ")
    }
}

impl<T: Serialize> Responder for Page<T> {
    type Body = BoxBody;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse<Self::Body> {
        HttpResponse::Ok().insert_header((header::LINK, self.link_header(req))).json(self)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn consecutive_pages_tile_the_list_without_gaps(page in 1u32..=1_000_000, page_size in 1u32..=MAX_PAGE_SIZE) {
            let this = PageQuery { page, page_size };
            let next = PageQuery { page: page + 1, page_size };
            prop_assert_eq!(this.offset() + this.limit(), next.offset());
            prop_assert!(this.offset() >= 0);
        }
    }
}
