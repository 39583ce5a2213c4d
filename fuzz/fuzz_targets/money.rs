//! Amounts typed in forms: never a panic, and what parses prints back to the same amount.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_domain::money::{Currency, Money};

fuzz_target!(|text: &str| {
    for currency in Currency::ALL {
        if let Ok(money) = Money::parse("amount", text, currency) {
            assert_eq!(Money::parse("amount", &money.amount_text(), currency), Ok(money));
        }
    }
});
