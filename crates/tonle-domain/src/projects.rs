//! Projects: a donor-funded piece of work with a period and a budget.

use chrono::NaiveDate;

use crate::Invalid;
use crate::money::{Currency, Money};
use crate::validation::required_text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProject {
    pub name: String,
    pub donor: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub budget: Money,
}

/// A project form as typed, before checking.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput<'a> {
    pub name: &'a str,
    pub donor: &'a str,
    pub start_date: &'a str,
    pub end_date: &'a str,
    pub budget: &'a str,
    pub currency: &'a str,
}

impl NewProject {
    /// Checks every field and returns all the problems at once, so a form can mark each one.
    pub fn parse(input: &ProjectInput<'_>) -> Result<Self, Vec<Invalid>> {
        let mut errors = Vec::new();
        let name = required_text("name", input.name, 200).map_err(|e| errors.push(e));
        let donor = required_text("donor", input.donor, 200).map_err(|e| errors.push(e));
        let start = parse_date("start_date", input.start_date).map_err(|e| errors.push(e));
        let end = parse_date("end_date", input.end_date).map_err(|e| errors.push(e));
        let currency = Currency::from_code(input.currency)
            .ok_or_else(|| errors.push(Invalid::new("currency", "error-currency")));
        let budget = currency.and_then(|c| {
            let money = Money::parse("budget", input.budget, c).map_err(|e| errors.push(e))?;
            if money.minor < 0 {
                errors.push(Invalid::new("budget", "error-negative"));
                return Err(());
            }
            Ok(money)
        });
        if let (Ok(s), Ok(e)) = (&start, &end)
            && e < s
        {
            errors.push(Invalid::new("end_date", "error-period-order"));
        }
        match (name, donor, start, end, budget) {
            (Ok(name), Ok(donor), Ok(start_date), Ok(end_date), Ok(budget))
                if errors.is_empty() =>
            {
                Ok(Self {
                    name,
                    donor,
                    start_date,
                    end_date,
                    budget,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Dates are typed as ISO `YYYY-MM-DD` (what `<input type=date>` sends).
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::new(field, "error-required"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Invalid::new(field, "error-date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProjectInput<'static> {
        ProjectInput {
            name: "Safe villages",
            donor: "Example Foundation",
            start_date: "2026-01-01",
            end_date: "2027-12-31",
            budget: "1,214,464.76",
            currency: "USD",
        }
    }

    #[test]
    fn accepts_a_valid_project() {
        let p = NewProject::parse(&input()).unwrap_or_else(|e| unreachable!("{e:?}"));
        assert_eq!(p.budget, Money::new(121_446_476, Currency::Usd));
    }

    #[test]
    fn reports_every_problem() {
        let bad = ProjectInput {
            name: "",
            start_date: "2027-01-01",
            end_date: "2026-01-01",
            budget: "-4",
            ..input()
        };
        let errors = NewProject::parse(&bad).err().unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "budget", "end_date"]);
    }

    #[test]
    fn refuses_bad_dates_and_currency() {
        let bad = ProjectInput {
            start_date: "31/12/2026",
            currency: "EUR",
            ..input()
        };
        let errors = NewProject::parse(&bad).err().unwrap_or_default();
        let keys: Vec<_> = errors.iter().map(|e| e.key).collect();
        assert_eq!(keys, ["error-date", "error-currency"]);
    }
}
