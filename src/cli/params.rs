//! `w2s params`: the model's parameters as the core states them (the same
//! table the page builds its controls from), as a table or JSON.

use w2s::theory::schema::{self, SPECS};

/// The flags of `w2s params`.
#[derive(clap::Args)]
pub struct ParamsArgs {
    /// Print one JSON array instead of the table
    #[arg(long)]
    json: bool,
}

pub fn run(ParamsArgs { json }: ParamsArgs) -> Result<String, String> {
    if json {
        // The very text the page parses.
        return Ok(format!("{}\n", schema::to_json()));
    }
    let mut out = format!(
        "{:<10} {:<18} {:<20} {:>8}  meaning\n",
        "key", "symbol", "range", "default"
    );
    for s in &SPECS {
        out += &format!(
            "{:<10} {:<18} {:<20} {:>8}  {}\n",
            s.key,
            s.label(),
            s.range,
            s.default_value(),
            s.meaning
        );
    }
    Ok(out)
}
