//! Small builders shared by migrations after the first (which keeps its own copies: a released
//! migration never changes).

use sea_orm_migration::prelude::*;

pub fn t(name: &'static str) -> Alias {
    Alias::new(name)
}

pub fn fk(
    from: &'static str,
    column: &'static str,
    to: &'static str,
    to_column: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(t(from), t(column))
        .to(t(to), t(to_column))
        .take()
}

/// A plain or unique index on `columns` of `table`.
pub fn index(
    name: &'static str,
    table: &'static str,
    columns: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(t(table));
    for column in columns {
        index.col(t(column));
    }
    if unique {
        index.unique();
    }
    index.take()
}
