//! `tpmprep offer …`: the command line.

use clap::{Args, Subcommand};
use tpmprep_app::offers::{CompareOptions, OfferInput};

use crate::cli::JsonFlag;

const ADD_EXAMPLES: &str = "Examples:
  tpmprep offer add --name \"Amazon L6\" --base 150k --sign-on 30000,20000 --shares 100 --price 200
  tpmprep offer add --name \"Startup\" --base 185000 --bonus 15k --equity-value 40k --vesting even-cliff
  tpmprep offer add --name \"Berlin\" --base 120000 --currency EUR --raise 3%";

const COMPARE_EXAMPLES: &str = "Examples:
  tpmprep offer compare
  tpmprep offer compare \"Amazon L6\" Startup --years 5 --scenario 10%
  tpmprep offer compare --scenario path:1.1,1.3,0.9 --currency USD --rate EUR=1.08";

/// Job offers: enter them, compare them year by year, and negotiate.
#[derive(Debug, Subcommand)]
pub enum OfferCommand {
    /// Add an offer (--name and --base are required; USD, Amazon's vesting by default)
    #[command(after_help = ADD_EXAMPLES)]
    Add {
        #[command(flatten)]
        terms: Terms,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Your offers: year 1 and the 4-year average at a flat price
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// One offer: every term, the vest schedule, and its years at a flat price
    Show {
        /// The offer's name (any case) or id
        offer: String,
        /// Also list its revisions
        #[arg(long)]
        revisions: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Change an offer: only the flags given change (an empty value clears, e.g. --sign-on "")
    Edit {
        /// The offer's name (any case) or id
        offer: String,
        #[command(flatten)]
        terms: Terms,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Delete an offer and its revisions (asks first on a terminal)
    Rm {
        /// The offer's name (any case) or id
        offer: String,
        /// Delete without asking
        #[arg(long, short = 'y')]
        yes: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Compare offers year by year: totals, cumulative, break-even, and the seeds' pay bands
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare {
        /// Offers by name or id [default: all]
        offers: Vec<String>,
        #[command(flatten)]
        how: HowArgs,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// A negotiation brief in Markdown, from the comparison and your stories' measured results
    ///
    /// Prints to standard output, so `> brief.md` keeps a copy; `--save` stores it in the offer's
    /// notes (edit it there with `tpmprep offer edit NAME --notes …`).
    Brief {
        /// The offer to negotiate (name or id)
        offer: String,
        /// The offer to measure it against [default: the other that pays most in years 1-2]
        #[arg(long, value_name = "NAME")]
        against: Option<String>,
        #[command(flatten)]
        how: HowArgs,
        /// Keep the brief in the offer's notes (a new revision)
        #[arg(long)]
        save: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
}

/// How offers are compared.
#[derive(Debug, Args, Clone, Default)]
pub struct HowArgs {
    /// Years to compare, 1-10 [default: 4]
    #[arg(long, value_name = "N")]
    pub years: Option<u32>,
    /// The share price: flat, a yearly rate (10%, -15%), or a path of multiples of the grant price
    /// after each anniversary (path:1.1,1.3) [default: flat]
    #[arg(long, alias = "growth", value_name = "S", allow_hyphen_values = true)]
    pub scenario: Option<String>,
    /// The currency to compare in [default: the first offer's]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// How much of the comparison's currency one unit of another buys: EUR=1.08 (repeatable)
    #[arg(long = "rate", value_name = "CODE=RATE")]
    pub rates: Vec<String>,
}

impl HowArgs {
    /// The app's options, for `offers`.
    pub fn options(&self, offers: Vec<String>) -> CompareOptions {
        CompareOptions {
            offers,
            years: self.years,
            scenario: self.scenario.clone(),
            currency: self.currency.clone(),
            rates: self.rates.clone(),
        }
    }
}

/// An offer's terms as flags (all optional to clap; `add` needs --name and --base).
#[derive(Debug, Args, Clone, Default)]
pub struct Terms {
    /// What to call it, e.g. "Amazon L6" (unique among your offers)
    #[arg(long, help_heading = "Terms")]
    pub name: Option<String>,
    /// The company
    #[arg(long, help_heading = "Terms")]
    pub company: Option<String>,
    /// The level or title, e.g. L6
    #[arg(long, help_heading = "Terms")]
    pub level: Option<String>,
    /// Three-letter currency code [default: USD]
    #[arg(long, value_name = "CODE", help_heading = "Terms")]
    pub currency: Option<String>,
    /// Yearly base salary: 150000, 150k, 150,000
    #[arg(long, value_name = "AMOUNT", help_heading = "Terms")]
    pub base: Option<String>,
    /// Expected yearly raise of the base: 3% [default: 0%]
    #[arg(long, value_name = "RATE", help_heading = "Terms")]
    pub raise: Option<String>,
    /// Sign-on paid per year, year 1 first: 30000,20000
    #[arg(long, value_name = "AMOUNTS", help_heading = "Terms")]
    pub sign_on: Option<String>,
    /// Yearly cash bonus [default: 0]
    #[arg(long, value_name = "AMOUNT", help_heading = "Terms")]
    pub bonus: Option<String>,
    /// Shares (RSUs) granted, with --price
    #[arg(long, value_name = "N", help_heading = "Terms")]
    pub shares: Option<String>,
    /// Grant price per share, with --shares: 200, 187.50
    #[arg(long, value_name = "PRICE", help_heading = "Terms")]
    pub price: Option<String>,
    /// The equity grant as a value at grant (instead of --shares and --price)
    #[arg(long, value_name = "AMOUNT", help_heading = "Terms")]
    pub equity_value: Option<String>,
    /// amazon (5/15/40/40), even-cliff (25%/yr, 1-year cliff, monthly), even-cliff-quarterly, or
    /// yearly percentages "10,20,30,40" [default: amazon]
    #[arg(long, value_name = "SCHEDULE", help_heading = "Terms")]
    pub vesting: Option<String>,
    /// Start date: 2027-01-01
    #[arg(long, value_name = "DATE", help_heading = "Terms")]
    pub start: Option<String>,
    /// Free notes
    #[arg(long, value_name = "TEXT", help_heading = "Terms")]
    pub notes: Option<String>,
}

impl Terms {
    /// The terms as the app reads them.
    pub fn input(&self) -> OfferInput {
        OfferInput {
            name: self.name.clone(),
            company: self.company.clone(),
            level: self.level.clone(),
            currency: self.currency.clone(),
            base: self.base.clone(),
            raise: self.raise.clone(),
            sign_on: self.sign_on.clone(),
            bonus: self.bonus.clone(),
            shares: self.shares.clone(),
            price: self.price.clone(),
            equity_value: self.equity_value.clone(),
            vesting: self.vesting.clone(),
            start: self.start.clone(),
            notes: self.notes.clone(),
        }
    }

    /// Whether any flag is given.
    pub fn any(&self) -> bool {
        self.input() != OfferInput::default()
    }
}
