//! Job offers over the store: add, list, show, edit (as revisions), remove, compare under a stock
//! scenario, and a negotiation brief built from the candidate's own strongest story metrics.
//!
//! Every front end hands the terms as text as a person typed them ([`OfferInput`]: "150k", "3%",
//! "30000,20000", "amazon"); [`parse`] turns them into an [`Offer`] with the field named in every
//! error. The store keeps each offer as JSON with its name and currency, with revisions.

use serde::{Deserialize, Deserializer, Serialize};
use tpmprep_offer::brief::{Brief, Metric};
use tpmprep_offer::{
    Comparison, Currency, Equity, Money, Offer, OfferError, Rate, Rates, Scenario, Vesting,
};
use tpmprep_store::{NewOffer, OfferId, OfferRevision, StoredOffer, StoryFilter};

use crate::mock::Ctx;
use crate::{AppError, Result};

impl From<OfferError> for AppError {
    fn from(e: OfferError) -> Self {
        AppError::Invalid(e.to_string())
    }
}

/// An offer's terms as typed: every field text (JSON numbers are accepted too). On add, `name` and
/// `base` are required; on edit, only the fields given change (an empty text clears an optional
/// field: `sign_on`, `bonus`, `raise`, `start`, `company`, `level`, `notes`, equity).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OfferInput {
    /// What to call it ("Amazon L6").
    pub name: Option<String>,
    /// The company.
    pub company: Option<String>,
    /// The level or title.
    pub level: Option<String>,
    /// Three-letter currency code (default USD).
    pub currency: Option<String>,
    /// Yearly base, e.g. `150000`, `150k`.
    #[serde(deserialize_with = "text_or_number")]
    pub base: Option<String>,
    /// Yearly raise, e.g. `3%`.
    #[serde(deserialize_with = "text_or_number")]
    pub raise: Option<String>,
    /// Sign-on per year, year 1 first: `30000,20000`.
    #[serde(deserialize_with = "text_or_number")]
    pub sign_on: Option<String>,
    /// Yearly cash bonus.
    #[serde(deserialize_with = "text_or_number")]
    pub bonus: Option<String>,
    /// Shares granted (with `price`).
    #[serde(deserialize_with = "text_or_number")]
    pub shares: Option<String>,
    /// Grant price per share (with `shares`).
    #[serde(deserialize_with = "text_or_number")]
    pub price: Option<String>,
    /// The grant as a value (instead of shares and price).
    #[serde(deserialize_with = "text_or_number")]
    pub equity_value: Option<String>,
    /// `amazon`, `even-cliff`, `even-cliff-quarterly`, or yearly percentages `10,20,30,40`.
    pub vesting: Option<String>,
    /// Start date `YYYY-MM-DD`.
    pub start: Option<String>,
    /// Notes (and an edited negotiation brief).
    pub notes: Option<String>,
}

fn text_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum T {
        S(String),
        N(serde_json::Number),
    }
    Ok(Option::<T>::deserialize(d)?.map(|t| match t {
        T::S(s) => s,
        T::N(n) => n.to_string(),
    }))
}

/// A stored offer as every front end shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SavedOffer {
    /// Its id.
    pub id: OfferId,
    /// Its latest revision.
    pub rev: i64,
    /// When it was added (unix ms).
    pub created_at: i64,
    /// When it last changed (unix ms).
    pub updated_at: i64,
    /// The terms.
    pub offer: Offer,
    /// The equity grant's value at grant.
    pub equity_at_grant: Money,
    /// The schedule, in words.
    pub vesting_label: String,
    /// Year 1 and the yearly average over four years at a flat price.
    pub year_1: Money,
    /// The mean yearly total over four years at a flat price.
    pub average_4y: Money,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim)
}

fn money(text: &str, c: &Currency, field: &str) -> Result<Money> {
    Ok(Money::parse(text, c, field)?)
}

/// Builds an offer from typed terms (`name` and `base` required; USD, no raise, no sign-on, no
/// bonus, no equity and Amazon's schedule by default).
pub fn parse(input: &OfferInput) -> Result<Offer> {
    let name = blank(&input.name).unwrap_or("");
    if name.is_empty() {
        return Err(
            OfferError::field("name", "give the offer a name, e.g. \"Amazon L6\"".into()).into(),
        );
    }
    let currency = Currency::parse(
        blank(&input.currency)
            .filter(|c| !c.is_empty())
            .unwrap_or("USD"),
    )?;
    let Some(base) = blank(&input.base).filter(|b| !b.is_empty()) else {
        return Err(OfferError::field(
            "base",
            "give the yearly base salary, e.g. 150000 or 150k".into(),
        )
        .into());
    };
    let mut offer = Offer {
        name: name.to_string(),
        company: String::new(),
        level: String::new(),
        currency: currency.clone(),
        base: money(base, &currency, "base")?,
        raise: Rate(0),
        sign_on: Vec::new(),
        bonus: Money::ZERO,
        equity: Equity::None,
        vesting: Vesting::Amazon,
        start: None,
        notes: String::new(),
    };
    apply(&mut offer, input)?;
    offer.validate()?;
    Ok(offer)
}

/// Applies the fields `patch` gives to `offer` (an edit), then checks the whole.
pub fn patch(offer: &Offer, patch: &OfferInput) -> Result<Offer> {
    let mut o = offer.clone();
    if let Some(name) = blank(&patch.name) {
        if name.is_empty() {
            return Err(OfferError::field("name", "an offer needs a name".into()).into());
        }
        o.name = name.to_string();
    }
    if let Some(c) = blank(&patch.currency).filter(|c| !c.is_empty()) {
        let c = Currency::parse(c)?;
        if c != o.currency && patch.base.is_none() {
            return Err(OfferError::field(
                "currency",
                "changing the currency needs the amounts in it: give --base (and the other amounts) too".into(),
            )
            .into());
        }
        o.currency = c;
    }
    if let Some(base) = blank(&patch.base) {
        o.base = money(base, &o.currency, "base")?;
    }
    apply(&mut o, patch)?;
    o.validate()?;
    Ok(o)
}

fn apply(o: &mut Offer, input: &OfferInput) -> Result<()> {
    let c = o.currency.clone();
    if let Some(t) = blank(&input.company) {
        o.company = t.to_string();
    }
    if let Some(t) = blank(&input.level) {
        o.level = t.to_string();
    }
    if let Some(t) = &input.notes {
        o.notes = t.clone();
    }
    if let Some(t) = blank(&input.raise) {
        o.raise = if t.is_empty() {
            Rate(0)
        } else {
            Rate::parse(t, "raise")?
        };
    }
    if let Some(t) = blank(&input.sign_on) {
        o.sign_on = if t.is_empty() {
            Vec::new()
        } else {
            t.split([',', ';', '/'])
                .enumerate()
                .map(|(i, part)| money(part, &c, &format!("sign_on (year {})", i + 1)))
                .collect::<Result<Vec<_>>>()?
        };
    }
    if let Some(t) = blank(&input.bonus) {
        o.bonus = if t.is_empty() {
            Money::ZERO
        } else {
            money(t, &c, "bonus")?
        };
    }
    let shares = blank(&input.shares);
    let price = blank(&input.price);
    let value = blank(&input.equity_value);
    if value.is_some_and(|v| !v.is_empty()) && shares.is_some_and(|s| !s.is_empty()) {
        return Err(OfferError::field(
            "equity_value",
            "give either shares with a price, or an equity value, not both".into(),
        )
        .into());
    }
    if let Some(v) = value {
        o.equity = if v.is_empty() {
            Equity::None
        } else {
            Equity::Value {
                value: money(v, &c, "equity_value")?,
            }
        };
    }
    let given = |t: Option<&str>| t.is_some_and(|t| !t.is_empty());
    if given(shares) || given(price) {
        let old = match &o.equity {
            Equity::Shares { shares, price } => Some((*shares, *price)),
            _ => None,
        };
        let n = match shares.filter(|s| !s.is_empty()) {
            Some(s) => parse_shares(s)?,
            None => old.map(|o| o.0).ok_or_else(|| {
                AppError::from(OfferError::field(
                    "shares",
                    "give the number of shares with the price, e.g. --shares 100".into(),
                ))
            })?,
        };
        let p = match price.filter(|p| !p.is_empty()) {
            Some(p) => parse_price(p)?,
            None => old.map(|o| o.1).ok_or_else(|| {
                AppError::from(OfferError::field(
                    "price",
                    "give the grant price per share with --shares, e.g. --price 200".into(),
                ))
            })?,
        };
        o.equity = Equity::Shares {
            shares: n,
            price: p,
        };
    } else if shares == Some("") && !given(value) && matches!(o.equity, Equity::Shares { .. }) {
        // `--shares ""` clears a share grant; it never clears a value grant given beside it.
        o.equity = Equity::None;
    }
    if let Some(v) = blank(&input.vesting) {
        o.vesting = if v.is_empty() {
            Vesting::Amazon
        } else {
            Vesting::parse(v)?
        };
    }
    if let Some(s) = blank(&input.start) {
        o.start = if s.is_empty() {
            None
        } else {
            tpmprep_offer::parse_date(s)?;
            Some(s.to_string())
        };
    }
    Ok(())
}

fn parse_shares(s: &str) -> Result<u64> {
    let t: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
    t.parse::<u64>().map_err(|_| {
        OfferError::field("shares", format!("{s:?} is not a whole number of shares")).into()
    })
}

fn parse_price(p: &str) -> Result<tpmprep_offer::Decimal> {
    let t: String = p
        .chars()
        .filter(|c| !matches!(c, ',' | '$' | '€' | '£' | ' '))
        .collect();
    t.parse::<tpmprep_offer::Decimal>()
        .ok()
        .filter(|d| *d > tpmprep_offer::Decimal::ZERO)
        .ok_or_else(|| {
            OfferError::field(
                "price",
                format!("{p:?} is not a price per share above 0, e.g. 200 or 187.50"),
            )
            .into()
        })
}

fn view(stored: &StoredOffer) -> Result<SavedOffer> {
    let offer: Offer = serde_json::from_str(&stored.body).map_err(|e| {
        AppError::Invalid(format!(
            "offer {} is damaged in the store: {e}",
            stored.summary.id
        ))
    })?;
    let rows = tpmprep_offer::project(&offer, 4, &Scenario::Flat)?;
    let year_1 = rows.first().map_or(Money::ZERO, |r| r.total);
    let average_4y = Money(rows.iter().map(|r| r.total.0).sum::<i64>() / rows.len().max(1) as i64);
    Ok(SavedOffer {
        id: stored.summary.id,
        rev: stored.summary.rev,
        created_at: stored.summary.created_at,
        updated_at: stored.summary.updated_at,
        equity_at_grant: offer.equity_at_grant(),
        // An offer with no equity has nothing to vest: its (default) schedule is not shown as terms.
        vesting_label: if matches!(offer.equity, Equity::None) {
            "no equity to vest".into()
        } else {
            offer.vesting.label()
        },
        year_1,
        average_4y,
        offer,
    })
}

fn to_json(offer: &Offer) -> Result<String> {
    serde_json::to_string(offer).map_err(|e| AppError::Invalid(format!("offer: {e}")))
}

/// Adds an offer.
pub async fn add(ctx: Ctx<'_>, input: &OfferInput, now: i64) -> Result<SavedOffer> {
    let offer = parse(input)?;
    let body = to_json(&offer)?;
    let id = ctx
        .store
        .create_offer(
            ctx.owner,
            &NewOffer {
                name: &offer.name,
                currency: offer.currency.code(),
                body: &body,
            },
            now,
        )
        .await?;
    view(&ctx.store.offer(ctx.owner, id).await?)
}

/// Every offer, oldest first.
pub async fn list(ctx: Ctx<'_>) -> Result<Vec<SavedOffer>> {
    let mut out = Vec::new();
    for s in ctx.store.list_offers(ctx.owner).await? {
        out.push(view(&ctx.store.offer(ctx.owner, s.id).await?)?);
    }
    Ok(out)
}

/// The offer `key`: its id, or its name (any case).
pub async fn get(ctx: Ctx<'_>, key: &str) -> Result<SavedOffer> {
    view(&find(ctx, key).await?)
}

async fn find(ctx: Ctx<'_>, key: &str) -> Result<StoredOffer> {
    let key = key.trim();
    if let Some(o) = ctx.store.offer_by_name(ctx.owner, key).await? {
        return Ok(o);
    }
    if let Ok(id) = key.trim_start_matches('#').parse::<OfferId>() {
        return Ok(ctx.store.offer(ctx.owner, id).await?);
    }
    let names: Vec<String> = ctx
        .store
        .list_offers(ctx.owner)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    Err(AppError::Invalid(if names.is_empty() {
        format!("no offer named {key:?}: there are no offers yet; add one with `tpmprep offer add`")
    } else {
        format!(
            "no offer named {key:?}; the offers are: {}",
            names.join(", ")
        )
    }))
}

/// Edits the offer `key` with the fields `input` gives; `base_rev`, when given, must be the latest
/// revision (else the store refuses, naming both).
pub async fn edit(
    ctx: Ctx<'_>,
    key: &str,
    input: &OfferInput,
    base_rev: Option<i64>,
    now: i64,
) -> Result<SavedOffer> {
    let stored = find(ctx, key).await?;
    let current = view(&stored)?;
    let offer = patch(&current.offer, input)?;
    let body = to_json(&offer)?;
    ctx.store
        .update_offer(
            ctx.owner,
            stored.summary.id,
            base_rev.unwrap_or(stored.summary.rev),
            &NewOffer {
                name: &offer.name,
                currency: offer.currency.code(),
                body: &body,
            },
            now,
        )
        .await?;
    view(&ctx.store.offer(ctx.owner, stored.summary.id).await?)
}

/// Removes the offer `key` and its revisions; its name, or an error when there is none.
pub async fn remove(ctx: Ctx<'_>, key: &str) -> Result<String> {
    let stored = find(ctx, key).await?;
    ctx.store.delete_offer(ctx.owner, stored.summary.id).await?;
    Ok(stored.summary.name)
}

/// The offer's revisions, oldest first.
pub async fn revisions(ctx: Ctx<'_>, key: &str) -> Result<Vec<OfferRevision>> {
    let stored = find(ctx, key).await?;
    Ok(ctx
        .store
        .offer_revisions(ctx.owner, stored.summary.id)
        .await?)
}

/// What to compare and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompareOptions {
    /// Offers by name or id; empty = all.
    pub offers: Vec<String>,
    /// Years (default 4).
    pub years: Option<u32>,
    /// `flat`, `10%`, `-15%`, `path:1.1,1.3`.
    pub scenario: Option<String>,
    /// The comparison currency (default the first offer's).
    pub currency: Option<String>,
    /// Rates into the comparison currency: `EUR=1.08`.
    pub rates: Vec<String>,
}

/// Default years compared.
pub const DEFAULT_YEARS: u32 = 4;

/// Parses `EUR=1.08` rates.
pub fn parse_rates(rates: &[String]) -> Result<Rates> {
    let mut out = Rates::new();
    for r in rates {
        let bad = || {
            AppError::from(OfferError::field(
                "rate",
                format!(
                    "{r:?} is not a rate: write CODE=RATE, e.g. EUR=1.08 (one EUR buys 1.08 of the comparison's currency)"
                ),
            ))
        };
        let (code, rate) = r.split_once('=').ok_or_else(bad)?;
        let code = Currency::parse(code).map_err(|_| bad())?;
        let rate: tpmprep_offer::Decimal = rate.trim().parse().map_err(|_| bad())?;
        if rate <= tpmprep_offer::Decimal::ZERO {
            return Err(bad());
        }
        out.insert(code.code().to_string(), rate);
    }
    Ok(out)
}

/// Compares offers.
pub async fn compare(ctx: Ctx<'_>, opts: &CompareOptions) -> Result<Comparison> {
    let offers: Vec<Offer> = if opts.offers.is_empty() {
        list(ctx).await?.into_iter().map(|s| s.offer).collect()
    } else {
        let mut v = Vec::new();
        for key in &opts.offers {
            v.push(get(ctx, key).await?.offer);
        }
        v
    };
    if offers.is_empty() {
        return Err(AppError::Invalid(
            "there are no offers to compare: add one with `tpmprep offer add --name … --base …`"
                .into(),
        ));
    }
    let scenario = Scenario::parse(opts.scenario.as_deref().unwrap_or("flat"))?;
    let currency = match opts
        .currency
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(Currency::parse(c)?),
        None => None,
    };
    Ok(tpmprep_offer::compare(
        &offers,
        opts.years.unwrap_or(DEFAULT_YEARS),
        &scenario,
        currency.as_ref(),
        &parse_rates(&opts.rates)?,
    )?)
}

/// The candidate's strongest measured results: from their best-scored stories, the sentence the
/// critic reads as a measured outcome (else the story's first metric), one per story, at most three.
pub async fn metrics(ctx: Ctx<'_>) -> Result<Vec<Metric>> {
    let live = ctx
        .store
        .list_stories(ctx.owner, &StoryFilter::default())
        .await?;
    let scores = crate::stories::scores(ctx, &live).await?;
    let mut ranked: Vec<_> = live
        .iter()
        .filter_map(|s| scores.get(&s.meta.id).map(|sc| (*sc, s.meta.id)))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out = Vec::new();
    for (_, id) in ranked {
        if out.len() == 3 {
            break;
        }
        let story = ctx.store.story(ctx.owner, id).await?;
        let text = crate::stories::answer_text(&story.content);
        let critique = crate::stories::critique(ctx, &story.content);
        let quote = critique
            .signals
            .iter()
            .find(|s| s.signal == "outcome-number" && s.quoted)
            .or_else(|| {
                critique
                    .signals
                    .iter()
                    .find(|s| s.signal == "outcome-number")
            })
            .and_then(|s| text.get(s.start..s.end))
            .map(str::to_string)
            .or_else(|| {
                story.content.metrics.first().map(|m| {
                    let v = if m.value.fract() == 0.0 {
                        format!("{}", m.value as i64)
                    } else {
                        format!("{}", m.value)
                    };
                    format!(
                        "{} {}{}",
                        m.measures.trim(),
                        v,
                        if m.unit.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", m.unit)
                        }
                    )
                    .trim()
                    .to_string()
                })
            });
        if let Some(q) = quote.filter(|q| !q.trim().is_empty()) {
            out.push(Metric {
                story: story.content.title.clone(),
                quote: q,
            });
        }
    }
    Ok(out)
}

/// The negotiation brief for `offer` against `against` (or the best other offer), under `opts`.
pub async fn brief(
    ctx: Ctx<'_>,
    offer: &str,
    against: Option<&str>,
    opts: &CompareOptions,
) -> Result<Brief> {
    let all = CompareOptions {
        offers: Vec::new(),
        ..opts.clone()
    };
    let comparison = compare(ctx, &all).await?;
    let target = get(ctx, offer).await?;
    let other = match against {
        Some(a) => Some(get(ctx, a).await?.offer.name),
        None => None,
    };
    let m = metrics(ctx).await?;
    Ok(tpmprep_offer::brief::brief(
        &comparison,
        &target.offer.name,
        other.as_deref(),
        &m,
    )?)
}
