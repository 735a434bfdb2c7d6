"""Payment signatures by implementations no one here wrote: the PyPI packages `wechatpayv3`
(WeChat Pay's v3 helpers) and `python-alipay-sdk`, with `cryptography` for the AES-GCM
resource (wechatpayv3 only decrypts). Called by tests/tests/api/payment_compat.rs with the
sandbox's committed keys; every command prints JSON (or exits non-zero).

  wechat-notify OUT_TRADE_NO TOTAL_FEN       a signed notification with an encrypted resource
  wechat-check-notify                        stdin {body, headers}: verify + decrypt ours
  wechat-sign MESSAGE_FILE                   the merchant's signature of a request message
  alipay-notify OUT_TRADE_NO TOTAL_YUAN      a notification signed as Alipay signs it
  alipay-check-notify                        stdin [[k, v], ...]: verify ours with Alipay's key
  alipay-sign-request                        stdin [[k, v], ...]: the app's signature of a request
"""

import base64
import json
import os
import sys
import time
import uuid

from alipay import AliPay
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from wechatpayv3.utils import aes_decrypt, load_private_key, load_public_key, rsa_sign, rsa_verify

KEYS = os.path.join(os.path.dirname(__file__), "..", "..", "api", "assets", "sandbox")
APIV3_KEY = "ketangSandboxApiV3Key00000000000"
WECHAT_APPID = "wxd930ea5d5a258f4f"
WECHAT_MCHID = "1900000109"
PLATFORM_KEY_ID = "PUB_KEY_ID_0119000001092026113000000000"
ALIPAY_APP_ID = "9021000122600000"


def key(name):
    with open(os.path.join(KEYS, name)) as f:
        return f.read()


def wechat_notify(out_trade_no, total):
    transaction = {
        "appid": WECHAT_APPID, "mchid": WECHAT_MCHID, "out_trade_no": out_trade_no,
        "transaction_id": "4200000000000000000000000099", "trade_type": "NATIVE",
        "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "OTHERS",
        "success_time": "2026-11-30T15:00:00+08:00", "payer": {"openid": "oSandboxPayer"},
        "amount": {"total": int(total), "payer_total": int(total), "currency": "CNY", "payer_currency": "CNY"},
    }
    nonce = uuid.uuid4().hex[:12]
    ciphertext = AESGCM(APIV3_KEY.encode()).encrypt(
        nonce.encode(), json.dumps(transaction, ensure_ascii=False).encode(), b"transaction")
    body = json.dumps({
        "id": str(uuid.uuid4()), "create_time": "2026-11-30T15:00:01+08:00",
        "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
                     "ciphertext": base64.b64encode(ciphertext).decode(),
                     "associated_data": "transaction", "nonce": nonce},
    }, ensure_ascii=False)
    timestamp, sign_nonce = str(int(time.time())), uuid.uuid4().hex.upper()
    signature = rsa_sign(load_private_key(key("wechatpay-platform.key.pem")),
                         "%s\n%s\n%s\n" % (timestamp, sign_nonce, body))
    return {"body": body, "headers": {
        "Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": sign_nonce,
        "Wechatpay-Signature": signature, "Wechatpay-Serial": PLATFORM_KEY_ID,
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}}


def wechat_check_notify(notification):
    headers, body = notification["headers"], notification["body"]
    ok = rsa_verify(headers["Wechatpay-Timestamp"], headers["Wechatpay-Nonce"], body,
                    headers["Wechatpay-Signature"], load_public_key(key("wechatpay-platform.pub.pem")))
    resource = json.loads(body)["resource"]
    transaction = json.loads(aes_decrypt(resource["nonce"], resource["ciphertext"],
                                         resource["associated_data"], APIV3_KEY))
    return {"verified": ok, "transaction": transaction}


def alipay(private_key_file, public_key_file):
    return AliPay(appid=ALIPAY_APP_ID, app_private_key_string=key(private_key_file),
                  alipay_public_key_string=key(public_key_file), sign_type="RSA2")


def alipay_notify(out_trade_no, total_yuan):
    data = {
        "notify_time": "2026-11-30 15:00:02", "notify_type": "trade_status_sync",
        "notify_id": uuid.uuid4().hex, "app_id": ALIPAY_APP_ID, "charset": "utf-8", "version": "1.0",
        "trade_no": "2026113022001499999", "out_trade_no": out_trade_no,
        "trade_status": "TRADE_SUCCESS", "total_amount": total_yuan, "receipt_amount": total_yuan,
        "subject": "会费", "gmt_payment": "2026-11-30 15:00:01", "seller_id": "2088000000000001",
    }
    # Alipay signs every field but sign and sign_type, sorted (what the SDK's verify() checks).
    signer = alipay("alipay-platform.key.pem", "alipay-app.pub.pem")
    message = "&".join("{}={}".format(k, v) for k, v in signer._ordered_data(dict(data)))
    data["sign_type"] = "RSA2"
    data["sign"] = signer._sign(message)
    return data


def alipay_check_notify(fields):
    data = dict(fields)
    signature = data.pop("sign")
    return {"verified": alipay("alipay-app.key.pem", "alipay-platform.pub.pem").verify(data, signature)}


def alipay_sign_request(fields):
    data = {k: v for k, v in fields if k != "sign"}
    signer = alipay("alipay-app.key.pem", "alipay-platform.pub.pem")
    message = "&".join("{}={}".format(k, v) for k, v in signer._ordered_data(data))
    return {"sign": signer._sign(message)}


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "wechat-notify":
        out = wechat_notify(*args)
    elif command == "wechat-check-notify":
        out = wechat_check_notify(json.load(sys.stdin))
    elif command == "wechat-sign":
        with open(args[0], encoding="utf-8") as f:
            out = {"signature": rsa_sign(load_private_key(key("wechatpay-merchant.key.pem")), f.read())}
    elif command == "alipay-notify":
        out = alipay_notify(*args)
    elif command == "alipay-check-notify":
        out = alipay_check_notify(json.load(sys.stdin))
    elif command == "alipay-sign-request":
        out = alipay_sign_request(json.load(sys.stdin))
    else:
        sys.exit("unknown command " + command)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
