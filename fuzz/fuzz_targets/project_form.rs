//! The project form's fields, as any client may send them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_domain::projects::{NewProject, ProjectInput};

fuzz_target!(|fields: (&str, &str, &str, &str, &str, &str)| {
    let input = ProjectInput {
        name: fields.0,
        donor: fields.1,
        start_date: fields.2,
        end_date: fields.3,
        budget: fields.4,
        currency: fields.5,
    };
    if let Ok(project) = NewProject::parse(&input) {
        assert!(project.start_date <= project.end_date);
        assert!(project.budget.minor >= 0);
    }
});
