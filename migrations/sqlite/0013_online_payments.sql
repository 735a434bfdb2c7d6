-- Online dues payments (SPEC §6, §9): where the payer completes an order (a QR code's content
-- or a gateway page), why an order was held for review, replayable answers of requests sent
-- with an Idempotency-Key, and the sandbox gateways' own orders.

alter table member_payments add column checkout_code_url text;
alter table member_payments add column checkout_redirect_url text;
-- Why a notification or query was not believed (`amount_mismatch`, `app_mismatch`).
alter table member_payments add column flag_reason text;

-- One row per (org, key): the request's hash, and once done its answer, replayed on a retry.
create table idempotency_keys (
    org_id text not null references orgs (id) on delete cascade,
    idempotency_key text not null,
    request_hash text not null,
    status_code bigint,
    response_body text,
    created_at bigint not null,
    primary key (org_id, idempotency_key)
);
create index idempotency_keys_by_age on idempotency_keys (created_at);

create table sandbox_pay_orders (
    id text primary key,
    gateway text not null check (gateway in ('wechatpay', 'alipay')),
    out_trade_no text not null,
    app_id text not null,
    description text not null,
    amount_fen bigint not null,
    notify_url text not null,
    return_url text,
    status text not null check (status in ('NOTPAY', 'SUCCESS', 'CLOSED')),
    transaction_id text,
    created_at bigint not null,
    paid_at bigint,
    unique (gateway, out_trade_no)
);
