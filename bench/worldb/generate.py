#!/usr/bin/env python3
"""World B: an independently written synthetic lake for a home & garden / outdoor retailer.

It is a generalization check for Undercurrent: written from the contract (input tables, opportunity
types) and the truth-file format only, without looking at the project's own generator or detectors.

Usage: generate.py --customers N --seed S --out DIR [--noise X]

The lake holds rows strictly before as_of (2026-03-31); the 90 days after it are simulated with the
same processes and go only into DIR/_truth. See README.md beside this file for the design.
"""
import argparse
import datetime as dt
import json
import os

import numpy as np

AS_OF = dt.date(2026, 3, 31)
HORIZON = 90
START = dt.date(2023, 7, 1)
T = (AS_OF - START).days            # first day of the horizon, as a day index
END = T + HORIZON                   # days simulated: [0, END)
EVENT_FROM = T - 365                # clickstream is kept for the last year only
MKT_FROM = T - 400                  # marketing log kept for the last 13 months

CATS = ["plants_seeds", "soil_fertilizer", "pots_planters", "watering", "garden_tools",
        "lawn_mowers", "pest_control", "outdoor_furniture", "bbq_grilling", "outdoor_lighting", "decor"]
CI = {c: i for i, c in enumerate(CATS)}
# gross margin of each category (cost = price * (1 - margin))
MARGIN = np.array([0.55, 0.45, 0.50, 0.40, 0.38, 0.22, 0.42, 0.35, 0.28, 0.45, 0.58])
# typical unit price of each category
PRICE = np.array([9, 18, 24, 30, 35, 320, 16, 260, 180, 40, 28], float)
BUNDLES = {
    "grower": ["plants_seeds", "soil_fertilizer", "pots_planters", "watering"],
    "lawn": ["lawn_mowers", "garden_tools", "pest_control", "watering", "soil_fertilizer"],
    "patio": ["outdoor_furniture", "bbq_grilling", "outdoor_lighting", "decor"],
    "decorator": ["decor", "pots_planters", "outdoor_lighting", "plants_seeds"],
}
BUNDLE_NAMES = list(BUNDLES)

KINDS = ["devoted_gardener", "regular", "new_rising", "fading", "lapsed", "deal_hunter",
         "spring_gardener", "over_messaged", "window_shopper", "one_and_done"]
SHARES = np.array([0.07, 0.18, 0.07, 0.08, 0.13, 0.09, 0.10, 0.07, 0.08, 0.13])
SECONDARY = ["devoted_gardener", "regular", "deal_hunter", "spring_gardener", "over_messaged", "window_shopper"]

# centre of each kind: orders/yr, gap regularity (gamma shape), mean order value, sessions/week,
# email open rate, click-through of opens, share of orders discounted, discount depth, return rate,
# garden-season sensitivity, share of campaigns received, app share, store share
P = ["rate", "shape", "aov", "browse", "open", "click", "disc", "depth", "ret", "season", "press", "app", "store"]
K = {
    "devoted_gardener": [12, 3.0, 150, 0.9, 0.45, 0.16, 0.12, 0.12, 0.04, 0.55, 0.55, 0.40, 0.25],
    "regular":          [4.5, 1.6, 75, 0.30, 0.26, 0.08, 0.15, 0.12, 0.05, 0.65, 0.35, 0.25, 0.20],
    "new_rising":       [10, 2.2, 110, 0.8, 0.42, 0.14, 0.15, 0.12, 0.04, 0.55, 0.45, 0.45, 0.15],
    "fading":           [10, 2.2, 130, 0.7, 0.40, 0.12, 0.12, 0.12, 0.09, 0.55, 0.45, 0.35, 0.20],
    "lapsed":           [4.0, 1.4, 80, 0.30, 0.25, 0.07, 0.15, 0.12, 0.06, 0.65, 0.35, 0.25, 0.20],
    "deal_hunter":      [6.0, 1.2, 95, 0.55, 0.50, 0.22, 0.80, 0.30, 0.20, 0.50, 0.50, 0.30, 0.10],
    "spring_gardener":  [4.0, 1.0, 120, 0.30, 0.30, 0.09, 0.15, 0.12, 0.05, 1.00, 0.35, 0.20, 0.35],
    "over_messaged":    [5.0, 1.6, 80, 0.35, 0.40, 0.10, 0.18, 0.12, 0.05, 0.65, 0.30, 0.25, 0.15],
    "window_shopper":   [1.3, 1.0, 40, 2.2, 0.52, 0.22, 0.20, 0.12, 0.06, 0.60, 0.45, 0.55, 0.05],
    "one_and_done":     [0.0, 1.0, 65, 0.05, 0.15, 0.04, 0.25, 0.12, 0.08, 0.70, 0.25, 0.15, 0.15],
}
ACQ = ["organic", "paid_search", "paid_social", "referral", "marketplace", "store"]


def day_str(d):
    return (START + dt.timedelta(days=int(d))).isoformat()


def ts_str(d, sec):
    return f"{day_str(d)} {sec // 3600:02d}:{(sec // 60) % 60:02d}:{sec % 60:02d}"


def seasons():
    doy = np.array([(START + dt.timedelta(days=i)).timetuple().tm_yday for i in range(END)], float)
    g = (0.45 + 2.2 * np.exp(-0.5 * ((doy - 115) / 28) ** 2) + 0.6 * np.exp(-0.5 * ((doy - 170) / 25) ** 2)
         + 0.5 * np.exp(-0.5 * ((doy - 338) / 10) ** 2))
    g /= g[:365].mean()
    sp = 0.04 + np.exp(-0.5 * ((doy - 112) / 24) ** 2)
    sp /= sp[:365].mean()
    promo = np.zeros(END)
    for i in range(END):
        d = START + dt.timedelta(days=i)
        m, dd = d.month, d.day
        if ((m == 2 and 12 <= dd <= 19) or (m == 5 and 22 <= dd <= 31) or (m == 7 and 1 <= dd <= 6)
                or (m == 9 and 1 <= dd <= 7) or (m == 11 and 24 <= dd <= 30) or (m == 8 and 18 <= dd <= 31)
                or (m == 4 and 10 <= dd <= 14)):
            promo[i] = 1.0
    return g, sp, promo


def campaigns(promo):
    """The email (weekly, Tuesday) and SMS (fortnightly, Thursday, plus sale openers) calendar."""
    em, sms = [], []
    for i in range(MKT_FROM, END):
        d = START + dt.timedelta(days=i)
        wk = d.isocalendar()
        if d.weekday() == 1:
            offer = "pct20" if promo[i:i + 5].max() > 0 else ["none", "free_shipping", "pct10", "none"][wk[1] % 4]
            em.append((i, f"em-{wk[0]}w{wk[1]:02d}", offer))
        if d.weekday() == 3 and (wk[1] % 2 == 0 or promo[i:i + 3].max() > 0):
            sms.append((i, f"sms-{wk[0]}w{wk[1]:02d}", "pct15" if promo[i:i + 3].max() > 0 else "none"))
    return em, sms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", required=True)
    ap.add_argument("--noise", type=float, default=1.0, help="scales the within-kind spread and the kind blending")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    N, nz = a.customers, a.noise
    os.makedirs(os.path.join(a.out, "_truth"), exist_ok=True)
    g, sp, promo = seasons()
    em_cal, sms_cal = campaigns(promo)
    days = np.arange(END)

    kinds = rng.choice(len(KINDS), size=N, p=SHARES / SHARES.sum())
    cust_rows, order_rows, item_rows, ev_rows, mk_rows, truth_rows, fut_rows = [], [], [], [], [], [], []
    fut_item_rows, latent_rows = [], []
    order_no = 0
    # decoys: customers mailed as hard as the over-messaged, who hardly tire of it
    for c in range(N):
        cid = f"G{c + 1:06d}"
        kind = KINDS[kinds[c]]
        sec = ""
        w2 = 0.0
        if rng.random() < 0.16 * nz and kind not in ("one_and_done",):
            cand = [k for k in SECONDARY if k != kind]
            sec = cand[rng.integers(len(cand))]
            w2 = rng.uniform(0.3, 0.5)
        base = np.array(K[kind], float)
        if sec:
            base = (1 - w2) * base + w2 * np.array(K[sec], float)
        p = dict(zip(P, base))
        # individual draws around the centre (log-normal for positive scales)
        s = 0.45 * nz
        rate = p["rate"] * np.exp(rng.normal(0, s))
        aov = p["aov"] * np.exp(rng.normal(0, 0.35 * nz))
        browse = p["browse"] * np.exp(rng.normal(0, s))
        openr = float(np.clip(p["open"] * np.exp(rng.normal(0, 0.3 * nz)), 0.01, 0.9))
        click = float(np.clip(p["click"] * np.exp(rng.normal(0, 0.3 * nz)), 0.005, 0.6))
        disc = float(np.clip(p["disc"] + rng.normal(0, 0.08 * nz), 0, 0.95))
        depth = float(np.clip(p["depth"] + rng.normal(0, 0.05 * nz), 0.05, 0.5))
        ret = float(np.clip(p["ret"] * np.exp(rng.normal(0, 0.35 * nz)), 0.0, 0.5))
        season_w = float(np.clip(p["season"] + rng.normal(0, 0.12 * nz), 0.1, 1.0))
        press = float(np.clip(p["press"] * np.exp(rng.normal(0, 0.3 * nz)), 0.05, 1.0))
        app_share = float(np.clip(p["app"] + rng.normal(0, 0.1), 0, 1))
        store_share = float(np.clip(p["store"] + rng.normal(0, 0.1), 0, 0.9))
        shape = p["shape"]
        is_spring = kind == "spring_gardener" or sec == "spring_gardener"
        spring_w = 1.0 if kind == "spring_gardener" else (w2 if sec == "spring_gardener" else 0.0)
        is_deal = kind == "deal_hunter" or sec == "deal_hunter"
        is_over = kind == "over_messaged" or sec == "over_messaged"
        is_window = kind == "window_shopper" or sec == "window_shopper"

        # category preferences: a bundle of interest with Dirichlet weights over its categories
        bundle = BUNDLE_NAMES[rng.integers(len(BUNDLE_NAMES))]
        if is_spring and rng.random() < 0.6:
            bundle = "grower"
        aff = np.full(len(CATS), 0.03)
        bc = [CI[x] for x in BUNDLES[bundle]]
        aff[bc] += rng.dirichlet(np.ones(len(bc)) * 1.5)
        aff /= aff.sum()
        hidden = -1
        if kind in ("devoted_gardener", "regular", "new_rising", "deal_hunter", "spring_gardener",
                    "over_messaged", "window_shopper") and rng.random() < 0.28:
            hidden = bc[rng.integers(len(bc))]
            aff[hidden] = max(aff[hidden], 0.25)
            aff /= aff.sum()
        buy_aff = aff.copy()
        if hidden >= 0:
            buy_aff[hidden] = 0.0
            buy_aff /= buy_aff.sum()

        # life-cycle: signup day and the customer's activity multiplier over time
        life = np.ones(END)
        engage = np.ones(END)
        latent = {}
        if kind == "new_rising":
            signup = T - int(rng.integers(45, 290))
            ascending = rng.random() < 0.65
            latent["ascending"] = ascending
            age = np.maximum(days - signup, 0)
            plateau = 1.0 if ascending else rng.uniform(0.25, 0.4)
            ramp = 0.2 + (plateau - 0.2) / (1 + np.exp(-(age - rng.uniform(90, 200)) / 45))
            life = ramp
            engage = 0.5 + 0.5 * ramp / max(plateau, 0.4)
            aov_ramp = 0.55 + 0.45 * ramp / max(plateau, 1e-9) * (1.0 if ascending else 0.6)
        else:
            signup = int(rng.integers(0, T - 330)) if kind not in ("one_and_done", "window_shopper") \
                else int(rng.integers(0, T - 20))
            aov_ramp = np.ones(END)
        if kind == "fading":
            cp = T - int(rng.integers(70, 260))
            signup = min(signup, cp - 200)
            half = rng.uniform(35, 110)
            decay = np.where(days > cp, 0.5 ** ((days - cp) / half), 1.0)
            life = decay
            engage = 0.15 + 0.85 * decay
            latent["complains"] = rng.random() < 0.65
            latent["cp"] = cp
        lapse = None
        if kind == "lapsed":
            gap = 365 / max(rate, 0.5)
            lapse = T - int(max(150, 3 * gap) + rng.integers(0, 330))
            lapse = max(lapse, 60)
            signup = min(signup, max(0, lapse - int(rng.integers(120, 500))))
            reach = rng.random() < 0.42
            latent["reachable"] = reach
            life = np.where(days >= lapse, 0.0, 1.0)
            engage = np.where(days >= lapse, 0.35 if reach else 0.03, 1.0)
            latent["p_return"] = float(np.clip(rng.beta(5, 5), 0.15, 0.9)) if reach else 0.02
        if kind == "one_and_done":
            dormant = rng.random() < 0.6
            latent["dormant"] = dormant
            life = np.zeros(END)
            engage = np.where(days < signup + 20, 1.0, 0.1 if dormant else 0.8)
            browse = browse if not dormant else browse * 0.2
            if not dormant:
                rate = 1.2 * np.exp(rng.normal(0, 0.4))
                life = np.where(days > signup + 30, 1.0, 0.0)
        # a background dropout hazard for everyone still buying (quiet deaths add noise)
        if kind in ("devoted_gardener", "regular", "deal_hunter", "spring_gardener", "over_messaged", "window_shopper"):
            drop = signup + rng.exponential(3500 / nz)
            if drop < END:
                life = life * np.where(days >= drop, 0.0, 1.0)
                engage = engage * np.where(days >= drop, 0.1, 1.0)
                latent["dropped"] = drop < T - 90
        life = life * (days >= signup)
        engage = engage * (days >= signup)

        season = (1 - season_w) + season_w * g
        if is_spring:
            season = (1 - spring_w) * season + spring_w * sp
        lam = rate / 365.0 * life * season
        if is_deal:
            lam = lam * (0.35 + 3.5 * promo)
        # renewal process in operational time: gamma gaps of mean 1 in cumulative intensity
        Lam = np.cumsum(lam)
        odays = []
        if kind == "one_and_done" or kind == "window_shopper":
            odays.append(signup + int(rng.integers(0, 10)))
        else:
            odays.append(signup)
        x = Lam[min(odays[0], END - 1)] + rng.gamma(shape, 1 / shape) * rng.uniform(0.3, 1.0)
        while Lam[-1] > 0 and x < Lam[-1]:
            d = int(np.searchsorted(Lam, x))
            if d >= END:
                break
            if d > odays[-1]:
                odays.append(d)
            x += rng.gamma(shape, 1 / shape)
        # lapsed customers who can be won back may return in the horizon (spring pulls them)
        if kind == "lapsed" and rng.random() < latent["p_return"]:
            odays.append(T + int(rng.integers(0, HORIZON)))
            if rng.random() < 0.35:
                odays.append(T + int(rng.integers(0, HORIZON)))
        odays = sorted(set(d for d in odays if d < END))

        # over-messaged: pressure ramps over the last 9 months, opens tire with the sends of 30 days
        decoy = (not is_over) and kind not in ("lapsed", "one_and_done") and rng.random() < 0.08
        fatigue = rng.uniform(0.035, 0.07) if is_over else (rng.uniform(0.003, 0.012) if decoy else 0.01)
        email_ok = rng.random() < 0.88
        sms_ok = rng.random() < (0.6 if (is_over or is_deal) else 0.35)

        # ---- orders and items
        fut_rev, fut_n = 0.0, 0
        last_send_click = {}
        order_list = []
        for d in odays:
            order_no += 1
            oid = f"B{order_no:07d}"
            sec_of_day = int(rng.integers(7 * 3600, 22 * 3600))
            n_items = 1 + rng.poisson(0.7)
            ar = aov_ramp[d] if isinstance(aov_ramp, np.ndarray) else aov_ramp
            gross_target = aov * ar * np.exp(rng.normal(-0.1, 0.45))
            cats = rng.choice(len(CATS), size=n_items, p=buy_aff)
            if d >= T and hidden >= 0 and rng.random() < 0.55:
                cats[0] = hidden
            w = rng.dirichlet(np.ones(n_items))
            items = []
            gross, cost = 0.0, 0.0
            for j, ci in enumerate(cats):
                val = max(3.0, gross_target * w[j] * (0.6 + 0.4 * PRICE[ci] / PRICE.mean()))
                qty = 1 + (rng.poisson(0.5) if PRICE[ci] < 50 else 0)
                unit = round(val / qty, 2) + 0.0
                unit = max(unit, 1.99)
                items.append((f"{oid}", f"P{ci:02d}-{int(rng.integers(1, 400)):04d}", CATS[ci], qty, unit))
                gross += unit * qty
                cost += unit * qty * (1 - MARGIN[ci] + rng.normal(0, 0.03))
            dp = disc * (1.3 if promo[d] > 0 else 0.8)
            discount = round(gross * depth * np.exp(rng.normal(0, 0.2)), 2) if rng.random() < min(dp, 0.97) else 0.0
            discount = min(discount, round(gross * 0.6, 2))
            revenue = round(gross - discount, 2)
            returned = round(revenue * rng.uniform(0.3, 1.0), 2) if rng.random() < ret else 0.0
            ch = "store" if rng.random() < store_share else ("app" if rng.random() < app_share else "web")
            row = [oid, cid, ts_str(d, sec_of_day), f"{revenue:.2f}", f"{max(cost, 0):.2f}", f"{discount:.2f}",
                   ch, f"{returned:.2f}", ""]
            order_list.append((d, row))
            if d < T:
                order_rows.append(row)
                item_rows.extend(items)
            else:
                fut_item_rows.extend(items)
                fut_rev += revenue - returned
                fut_n += 1
                fut_rows.append(row)

        # ---- marketing
        hist_orders = [d for d in odays if d < T]
        order_set = set(hist_orders)
        sends = []
        for ch_name, cal, ok in (("email", em_cal, email_ok), ("sms", sms_cal, sms_ok)):
            if not ok:
                continue
            for (d, camp, offer) in cal:
                if d < signup:
                    continue
                pr = press * (0.6 if ch_name == "sms" else 1.0)
                if (is_over or decoy) and d > T - 270:
                    pr = min(1.0, pr * (1 + 4.0 * (d - (T - 270)) / 270))
                if rng.random() < pr:
                    sends.append((d, ch_name, camp, offer))
            if is_over or decoy:
                # triggered reminders, whose count grows over the last 9 months
                for d in range(max(T - 270, signup), END):
                    if rng.random() < 0.25 * (d - (T - 270)) / 270 * (0.5 if ch_name == "sms" else 1.0):
                        sends.append((d, ch_name, f"tr-{ch_name}-{day_str(d)[:7]}", "none"))
        sends.sort()
        unsub = {"email": False, "sms": False}
        recent = []
        for (d, ch_name, camp, offer) in sends:
            if unsub[ch_name]:
                continue
            recent = [r for r in recent if r > d - 30]
            n30 = len(recent)
            recent.append(d)
            eng = engage[d]
            po = openr * (0.55 if ch_name == "sms" else 1.0) * min(1.0, 0.3 + 0.7 * eng) * np.exp(-fatigue * max(0, n30 - 3))
            if is_deal and offer != "none":
                po = min(0.95, po * 1.5)
            opened = rng.random() < po
            soon = any(d <= od <= d + 3 for od in order_set)
            pc = click * (2.5 if soon else 1.0) * (1.6 if (is_deal and offer != "none") else 1.0)
            clicked = opened and rng.random() < min(pc, 0.9)
            converted = False
            if clicked and soon:
                converted = True
                for od, row in order_list:
                    if d <= od <= d + 3 and row[8] == "":
                        row[8] = camp
                        break
            pu = 0.0015 + (0.0025 * max(0, n30 - 6) if is_over else 0.0)
            u = rng.random() < pu
            if u:
                unsub[ch_name] = True
            if MKT_FROM <= d < T:
                mk_rows.append((cid, ts_str(d, int(rng.integers(8 * 3600, 20 * 3600))), ch_name, camp, offer,
                                bool(opened), bool(clicked), bool(converted), bool(u)))
        unsub_both = (unsub["email"] or not email_ok) and (unsub["sms"] or not sms_ok)

        # ---- events (last year only)
        ev_lam = 0.45 * browse / 7.0 * engage[EVENT_FROM:T] * (0.5 + 0.5 * (season[EVENT_FROM:T] if not is_spring else sp[EVENT_FROM:T]))
        n_sess = rng.poisson(ev_lam)
        sess_days = list(np.repeat(np.arange(EVENT_FROM, T), n_sess)) + [d for d in hist_orders if d >= EVENT_FROM]
        view_mean = 1.0 + (0.8 if is_window else 0.0)
        cart_p = 0.12 + (0.15 if is_window else 0.0)
        content_p = 0.05 + (0.3 if is_spring else 0.0) + (0.15 if kind == "devoted_gardener" else 0.0)
        for d in sess_days:
            sec_of_day = int(rng.integers(6 * 3600, 23 * 3600))
            typ = "app_session" if rng.random() < app_share else "web_session"
            ev_rows.append((cid, ts_str(d, sec_of_day), typ, "", f"{rng.lognormal(1.8, 0.6):.2f}"))
            nv = rng.poisson(view_mean)
            if nv:
                vc = rng.choice(len(CATS), size=nv, p=aff)
                for ci in vc:
                    ev_rows.append((cid, ts_str(d, min(sec_of_day + int(rng.integers(10, 900)), 86399)), "product_view",
                                    CATS[ci], f"{PRICE[ci] * np.exp(rng.normal(0, 0.3)):.2f}"))
                    if rng.random() < cart_p:
                        ev_rows.append((cid, ts_str(d, min(sec_of_day + 900, 86399)), "cart_add", CATS[ci],
                                        f"{PRICE[ci]:.2f}"))
            if rng.random() < 0.3:
                ev_rows.append((cid, ts_str(d, sec_of_day), "search", CATS[rng.choice(len(CATS), p=aff)], "1.00"))
            if rng.random() < content_p:
                ev_rows.append((cid, ts_str(d, sec_of_day), "content_view", "guides", "1.00"))
        if store_share > 0.2:
            nst = rng.poisson(store_share * browse * 10 * float(engage[EVENT_FROM:T].mean()))
            for d in rng.integers(EVENT_FROM, T, size=nst):
                if engage[d] > 0.2:
                    ev_rows.append((cid, ts_str(d, int(rng.integers(9 * 3600, 19 * 3600))), "store_visit", "", "1.00"))
        # support tickets: background, complaints of the fading, returns of anyone
        tick_rate = np.full(T - EVENT_FROM, 0.0015) * (engage[EVENT_FROM:T] > 0.05)
        if kind == "fading" and latent.get("complains"):
            tick_rate = tick_rate + np.where(days[EVENT_FROM:T] > latent["cp"] - 20, 0.018, 0.0)
        for d in np.nonzero(rng.random(T - EVENT_FROM) < tick_rate)[0] + EVENT_FROM:
            ev_rows.append((cid, ts_str(d, int(rng.integers(8 * 3600, 20 * 3600))), "support_ticket", "", "1.00"))
        for od, row in order_list:
            if EVENT_FROM <= od < T - 3 and float(row[7]) > 0 and rng.random() < 0.4:
                ev_rows.append((cid, ts_str(od + 3, 43200), "support_ticket", "returns", "1.00"))

        # ---- customer record
        acq_p = np.ones(len(ACQ))
        if kind in ("one_and_done", "window_shopper"):
            acq_p[2] += 1.5
        if kind == "deal_hunter":
            acq_p[4] += 1.2
        if kind == "devoted_gardener":
            acq_p[0] += 1.0
            acq_p[3] += 0.6
        if store_share > 0.3:
            acq_p[5] += 1.0
        acq = ACQ[rng.choice(len(ACQ), p=acq_p / acq_p.sum())]
        country = ["US", "US", "US", "CA", "UK"][rng.integers(5)]
        phone = f"+1-555-{c + 1:07d}" if (sms_ok or rng.random() < 0.3) else ""
        cust_rows.append((cid, day_str(signup), f"g{c + 1:06d}@example.org", phone, country, acq))

        latent_rows.append((cid, kind, int(decoy), int(unsub["email"] or not email_ok), int(unsub["sms"] or not sms_ok),
                            int(latent.get("reachable", False)), int(latent.get("ascending", False)),
                            int(latent.get("dropped", False)), CATS[hidden] if hidden >= 0 else "", bundle,
                            f"{rate:.3f}", f"{aov:.1f}", f"{browse:.3f}", f"{fatigue:.4f}", len(hist_orders)))

        # ---- truth flags from the latent state and the simulated future
        hist_net = sum(float(r[3]) - float(r[7]) for od, r in order_list if od < T)
        truth_rows.append(dict(
            customer_id=cid, kind=kind, secondary_kind=sec, future_revenue=round(fut_rev, 2), future_orders=fut_n,
            win_back=int(kind == "lapsed" and latent["reachable"]),
            retain=int(kind == "fading" and hist_net > 0),
            nurture_rising=int(kind == "new_rising" and latent["ascending"]),
            protect_margin=int(is_deal and len(hist_orders) > 0),
            reduce_frequency=int(is_over and not unsub_both and not latent.get("dropped", False)),
            grow_wallet=int(is_window and not latent.get("dropped", False)),
            cross_sell=int(hidden >= 0 and not latent.get("dropped", False)),
            lookalike_seed=0,
            suppress=int((kind == "lapsed" and not latent["reachable"]) or (kind == "one_and_done" and latent["dormant"])
                         or bool(latent.get("dropped", False) and kind != "lapsed")),
        ))

    # lookalike seeds: the top 5% by future revenue
    fr = np.array([t["future_revenue"] for t in truth_rows])
    thr = np.quantile(fr, 0.95)
    for t in truth_rows:
        t["lookalike_seed"] = int(t["future_revenue"] >= thr and t["future_revenue"] > 0)

    def write(name, header, rows):
        with open(os.path.join(a.out, name), "w") as f:
            f.write(",".join(header) + "\n")
            for r in rows:
                f.write(",".join("true" if v is True else "false" if v is False else str(v) for v in r) + "\n")

    write("customers.csv", ["customer_id", "signup_date", "email", "phone", "country", "acquisition_channel"], cust_rows)
    oh = ["order_id", "customer_id", "ordered_at", "revenue", "cost", "discount", "channel", "returned_amount", "campaign_id"]
    write("orders.csv", oh, order_rows)
    write("order_items.csv", ["order_id", "product_id", "category", "quantity", "unit_price"], item_rows)
    ev_rows.sort(key=lambda r: (r[0], r[1]))
    write("events.csv", ["customer_id", "occurred_at", "event_type", "category", "value"], ev_rows)
    write("marketing.csv", ["customer_id", "sent_at", "channel", "campaign_id", "offer", "opened", "clicked",
                            "converted", "unsubscribed"], mk_rows)
    write("_truth/future_orders.csv", oh, fut_rows)
    write("_truth/future_order_items.csv", ["order_id", "product_id", "category", "quantity", "unit_price"], fut_item_rows)
    write("_truth/latent.csv", ["customer_id", "kind", "decoy", "email_off", "sms_off", "reachable", "ascending", "dropped",
                                "hidden_category", "bundle", "rate", "aov", "browse", "fatigue", "history_orders"], latent_rows)
    cols = ["customer_id", "kind", "secondary_kind", "future_revenue", "future_orders", "win_back", "retain",
            "nurture_rising", "protect_margin", "reduce_frequency", "grow_wallet", "cross_sell", "lookalike_seed", "suppress"]
    write("_truth/customers.csv", cols, [[t[c] for c in cols] for t in truth_rows])
    counts = {k: int((kinds == i).sum()) for i, k in enumerate(KINDS)}
    flags = {c: int(sum(t[c] for t in truth_rows)) for c in cols[5:]}
    meta = {"as_of": AS_OF.isoformat(), "horizon_days": HORIZON, "history_start": START.isoformat(), "seed": a.seed,
            "customers": N, "noise": nz, "kinds": KINDS, "kind_counts": counts, "flag_counts": flags,
            "lookalike_seed_min_future_revenue": round(float(thr), 2),
            "rows": {"customers.csv": len(cust_rows), "orders.csv": len(order_rows), "order_items.csv": len(item_rows),
                     "events.csv": len(ev_rows), "marketing.csv": len(mk_rows), "_truth/future_orders.csv": len(fut_rows)},
            "generator": "bench/worldb/generate.py"}
    with open(os.path.join(a.out, "_truth", "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
    with open(os.path.join(a.out, "undercurrent.yaml"), "w") as f:
        f.write(f"# World B (home & garden): {N} customers, seed {a.seed}. Paths relative to this file.\n"
                f"as_of: {AS_OF.isoformat()}\nhorizon_days: {HORIZON}\nseed: {a.seed}\nsources:\n"
                "  orders:      {path: orders.csv, format: csv}\n"
                "  customers:   {path: customers.csv, format: csv}\n"
                "  order_items: {path: order_items.csv, format: csv}\n"
                "  events:      {path: events.csv, format: csv}\n"
                "  marketing:   {path: marketing.csv, format: csv}\n"
                "output: {path: out, format: csv}\n")
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
