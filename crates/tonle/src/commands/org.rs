use tonle_domain::organisations::NewOrganisation;
use tonle_domain::places::PlaceCode;
use tonle_store::audit::{Actor, Event};

use crate::cli::OrgCommand;
use crate::commands::{open_store, require_data_dir};
use crate::config::Settings;
use crate::failure::{CliResult, fail};

pub async fn run(settings: Settings, command: OrgCommand) -> CliResult {
    require_data_dir(&settings)?;
    let store = open_store(&settings).await?;
    match command {
        OrgCommand::Add {
            name,
            name_km,
            network,
            parent,
            place,
        } => {
            let place = place.as_deref().map(PlaceCode::parse).transpose()?;
            let new = NewOrganisation::parse(&name, &name_km, network)?.based_in(place);
            let parent = match parent {
                None => None,
                Some(p) => match store.find_organisation(&p).await? {
                    Some(org) if org.is_network => Some(org.id),
                    Some(org) => {
                        return fail(format!(
                            "\"{}\" is not a network; organisations can only be added to a network.",
                            org.name
                        ));
                    }
                    None => {
                        return fail(format!(
                            "No organisation is called \"{p}\" or has that id. See `tonle org list`."
                        ));
                    }
                },
            };
            let org = store.create_organisation(&new, parent).await?;
            let event = Event::new("organisation.create")
                .on("organisation", org.id.0, org.id)
                .fields(&["name", "name_km", "place"]);
            store.audit(&Actor::console(), &event).await?;
            println!("added organisation {} (id {})", org.name, org.id);
            if org.parent_id.is_none() && !org.is_network {
                println!(
                    "note: it belongs to no network, so only its own users will see it; use --parent NETWORK to add it to one"
                );
            }
        }
        OrgCommand::List => {
            let orgs = store.all_organisations().await?;
            println!("{:>5}  {:<8}  {:<36}  network", "id", "kind", "name");
            for o in &orgs {
                let parent = o
                    .parent_id
                    .and_then(|p| orgs.iter().find(|x| x.id == p))
                    .map(|p| p.name.as_str())
                    .unwrap_or("");
                let kind = if o.is_network { "network" } else { "org" };
                println!("{:>5}  {:<8}  {:<36}  {}", o.id, kind, o.name, parent);
            }
        }
    }
    store.close().await?;
    Ok(())
}
