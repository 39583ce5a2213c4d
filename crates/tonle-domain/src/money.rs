//! Money as integer minor units plus a currency: never a float.
//!
//! Riel has had no coins in circulation for decades, so a riel amount is counted in whole riel
//! (exponent 0); dollars are counted in cents (exponent 2).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "KHR")]
    Khr,
    #[serde(rename = "USD")]
    Usd,
}

impl Currency {
    pub const ALL: [Currency; 2] = [Currency::Khr, Currency::Usd];

    pub fn code(self) -> &'static str {
        match self {
            Currency::Khr => "KHR",
            Currency::Usd => "USD",
        }
    }

    pub fn from_code(code: &str) -> Option<Currency> {
        match code.trim().to_ascii_uppercase().as_str() {
            "KHR" => Some(Currency::Khr),
            "USD" => Some(Currency::Usd),
            _ => None,
        }
    }

    /// Digits after the decimal point.
    pub fn exponent(self) -> u32 {
        match self {
            Currency::Khr => 0,
            Currency::Usd => 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Parses what a person types: `1,214,464.76`, `1214464.76`, `-5`, `៥០០០` (Khmer digits).
    /// Refuses more decimals than the currency has, rather than rounding money away.
    pub fn parse(field: &'static str, text: &str, currency: Currency) -> Result<Money, Invalid> {
        let bad = || Invalid::new(field, "error-money");
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != ' ' && *c != '\u{a0}')
            .map(khmer_digit_to_ascii)
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        if whole.is_empty() && fraction.is_empty() {
            return Err(bad());
        }
        if !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        let exponent = currency.exponent();
        if fraction.len() > exponent as usize {
            return Err(Invalid::new(field, "error-money-precision"));
        }
        let scale = 10i64.pow(exponent);
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let fraction_value: i64 = if fraction.is_empty() {
            0
        } else {
            let padded = format!("{fraction:0<width$}", width = exponent as usize);
            padded.parse().map_err(|_| bad())?
        };
        let magnitude = whole
            .checked_mul(scale)
            .and_then(|m| m.checked_add(fraction_value))
            .ok_or_else(bad)?;
        Ok(Money::new(
            if negative { -magnitude } else { magnitude },
            currency,
        ))
    }

    /// The amount without the currency, grouped by thousands: `1,214,464.76`.
    pub fn amount_text(&self) -> String {
        let exponent = self.currency.exponent();
        let scale = 10u64.pow(exponent);
        let magnitude = self.minor.unsigned_abs();
        let whole = group_thousands(magnitude / scale);
        let sign = if self.minor < 0 { "-" } else { "" };
        if exponent == 0 {
            format!("{sign}{whole}")
        } else {
            format!(
                "{sign}{whole}.{:0width$}",
                magnitude % scale,
                width = exponent as usize
            )
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_text(), self.currency.code())
    }
}

fn khmer_digit_to_ascii(c: char) -> char {
    match c {
        '\u{17E0}'..='\u{17E9}' => char::from_digit(c as u32 - 0x17E0, 10).unwrap_or(c),
        _ => c,
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_what_people_type() {
        let usd = |s| Money::parse("budget", s, Currency::Usd);
        assert_eq!(
            usd("1,214,464.76"),
            Ok(Money::new(121_446_476, Currency::Usd))
        );
        assert_eq!(usd("12.5"), Ok(Money::new(1250, Currency::Usd)));
        assert_eq!(usd(".5"), Ok(Money::new(50, Currency::Usd)));
        assert_eq!(usd("-3"), Ok(Money::new(-300, Currency::Usd)));
        assert_eq!(
            usd("1.234").map_err(|e| e.key),
            Err("error-money-precision")
        );
        assert_eq!(usd("abc").map_err(|e| e.key), Err("error-money"));
        assert_eq!(usd("").map_err(|e| e.key), Err("error-money"));
        assert_eq!(usd("1e5").map_err(|e| e.key), Err("error-money"));
        assert_eq!(
            usd("99999999999999999999").map_err(|e| e.key),
            Err("error-money")
        );
        let khr = |s| Money::parse("budget", s, Currency::Khr);
        assert_eq!(khr("៥,០០០"), Ok(Money::new(5000, Currency::Khr)));
        assert_eq!(
            khr("5000.5").map_err(|e| e.key),
            Err("error-money-precision")
        );
    }

    #[test]
    fn displays_grouped() {
        assert_eq!(
            Money::new(121_446_476, Currency::Usd).to_string(),
            "1,214,464.76 USD"
        );
        assert_eq!(Money::new(-5, Currency::Usd).to_string(), "-0.05 USD");
        assert_eq!(
            Money::new(400_000, Currency::Khr).to_string(),
            "400,000 KHR"
        );
        assert_eq!(Money::new(0, Currency::Khr).amount_text(), "0");
    }

    proptest! {
        #[test]
        fn text_round_trips(minor in -1_000_000_000_000i64..1_000_000_000_000, usd in any::<bool>()) {
            let currency = if usd { Currency::Usd } else { Currency::Khr };
            let money = Money::new(minor, currency);
            prop_assert_eq!(Money::parse("x", &money.amount_text(), currency), Ok(money));
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,30}") {
            let _ = Money::parse("x", &text, Currency::Usd);
        }
    }
}
