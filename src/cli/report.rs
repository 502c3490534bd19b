//! Formatting of results: JSON objects, CSV rows and the human-readable table.

use serde_json::{Map, Value, json};
use w2s::simulation::replicates::{Estimate, Replicate, Simulation};
use w2s::theory::geometry::Geometry;
use w2s::{Evaluation, GroupRisks, Layer, LayerRisks, ParamName, Params};

use super::args::Shard;

/// A number, or null when undefined.
pub fn num(x: Option<f64>) -> Value {
    match x {
        Some(v) if v.is_finite() => json!(v),
        _ => Value::Null,
    }
}

pub fn params_json(p: &Params) -> Value {
    let mut m = Map::new();
    for name in ParamName::ALL {
        let v = p.get(name);
        let key = name.key().replace('-', "_");
        if matches!(name, ParamName::PT | ParamName::PS) {
            m.insert(key, json!(v as u64));
        } else {
            m.insert(key, json!(v));
        }
    }
    m.insert("law".into(), json!(p.law.name()));
    Value::Object(m)
}

pub fn derived_json(p: &Params) -> Value {
    let g = Geometry::new(p);
    json!({
        "p_shared": g.p_shared(),
        "mu_t_norm2": g.mu_t2(),
        "mu_s_norm2": g.mu_s2(),
        "xi_mu_s_norm2": g.xi_mu_s().powi(2),
        "p_t_gamma": p.p_t as f64 * p.gamma,
        "p_s_nu": p.p_s as f64 * p.nu,
    })
}

fn groups_json(g: &GroupRisks) -> Value {
    json!({
        "majority": g.majority,
        "minority": g.minority,
        "worst": g.worst(),
        "worst_group": g.worst_group(),
    })
}

/// `{closed_form: f(layer), first_order: …, exact: …}` over the layers present.
fn by_layer(ev: &Evaluation, f: impl Fn(&LayerRisks) -> Value) -> Value {
    let mut m = Map::new();
    for layer in Layer::ALL {
        if let Some(l) = ev.layer(layer) {
            m.insert(layer.key().into(), f(l));
        }
    }
    Value::Object(m)
}

/// Everything about one evaluation (without η_u*).
pub fn evaluation_json(ev: &Evaluation) -> Value {
    let exact_groups = ev.exact.as_ref().map(|x| {
        json!({
            "teacher": groups_json(&x.teacher),
            "student": groups_json(&x.student),
            "ceiling": x.ceiling.as_ref().map(groups_json),
        })
    });
    json!({
        "params": params_json(&ev.params),
        "derived": derived_json(&ev.params),
        "teacher": by_layer(ev, |l| json!(l.teacher.at)),
        "student": by_layer(ev, |l| json!(l.student.at)),
        "ceiling": by_layer(ev, |l| num(l.ceiling.map(|c| c.at))),
        "gain": by_layer(ev, |l| json!(l.gain())),
        "relative_gain": by_layer(ev, |l| json!(l.relative_gain())),
        "pgr": by_layer(ev, |l| num(l.pgr())),
        "groups": exact_groups,
        "groups_by_layer": by_layer(ev, |l| json!({
            "teacher": groups_json(&l.teacher),
            "student": groups_json(&l.student),
        })),
    })
}

/// CSV header for a sweep over the given parameter names.
pub fn csv_header(names: &[ParamName], ev: &Evaluation) -> String {
    let mut cols: Vec<String> = names.iter().map(|n| n.key().replace('-', "_")).collect();
    for layer in Layer::ALL {
        if ev.layer(layer).is_some() {
            for q in [
                "teacher",
                "student",
                "ceiling",
                "gain",
                "relative_gain",
                "pgr",
            ] {
                cols.push(format!("{q}_{}", layer.key()));
            }
        }
    }
    if ev.exact.is_some() {
        for q in [
            "teacher_majority",
            "teacher_minority",
            "student_majority",
            "student_minority",
        ] {
            cols.push(format!("{q}_exact"));
        }
    }
    cols.join(",")
}

fn cell(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:.10e}"),
        _ => String::new(),
    }
}

/// One CSV row matching [`csv_header`].
pub fn csv_row(names: &[ParamName], ev: &Evaluation) -> String {
    let mut cols: Vec<String> = names
        .iter()
        .map(|n| format!("{}", ev.params.get(*n)))
        .collect();
    for layer in Layer::ALL {
        if let Some(l) = ev.layer(layer) {
            cols.extend([
                cell(Some(l.teacher.at)),
                cell(Some(l.student.at)),
                cell(l.ceiling.map(|c| c.at)),
                cell(Some(l.gain())),
                cell(Some(l.relative_gain())),
                cell(l.pgr()),
            ]);
        }
    }
    if let Some(x) = &ev.exact {
        cols.extend(
            [
                x.teacher.majority,
                x.teacher.minority,
                x.student.majority,
                x.student.minority,
            ]
            .map(|v| cell(Some(v))),
        );
    }
    cols.join(",")
}

fn fmt(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:>13.6}"),
        _ => format!("{:>13}", "—"),
    }
}

/// The human-readable table of `w2s theory`.
pub fn table(ev: &Evaluation, stars: &[(Layer, Option<f64>)]) -> String {
    let p = &ev.params;
    let mut out = String::new();
    out.push_str(&format!(
        "W2S theory  law={}  p_T={} p_S={} ‖Ξ‖_F²={} sep={} ρ={}\n            η_ℓ={} η_u={} η_t={} γ_z={} ν_z={} σ_y²={}\n\n",
        p.law, p.p_t, p.p_s, p.xi2, p.sep, p.rho, p.eta_l, p.eta_u, p.eta_t, p.gamma, p.nu, p.sigma_y2
    ));
    out.push_str(&format!(
        "{:<26}{:>13}{:>13}{:>13}\n",
        "", "closed form", "first order", "exact"
    ));
    type Row = (&'static str, fn(&LayerRisks) -> Option<f64>);
    let rows: [Row; 6] = [
        ("teacher ER_T", |l| Some(l.teacher.at)),
        ("student ER_S", |l| Some(l.student.at)),
        ("strong ceiling", |l| l.ceiling.map(|c| c.at)),
        ("W2S gain ER_T − ER_S", |l| Some(l.gain())),
        ("relative gain", |l| Some(l.relative_gain())),
        ("PGR", |l| l.pgr()),
    ];
    for (label, f) in rows {
        out.push_str(&format!("{label:<26}"));
        for layer in Layer::ALL {
            out.push_str(&fmt(ev.layer(layer).and_then(f)));
        }
        out.push('\n');
    }
    if let Some(x) = &ev.exact {
        out.push_str(&format!(
            "\n{:<26}{:>13}{:>13}{:>13}\n",
            "groups (exact)", "majority", "minority", "worst"
        ));
        for (label, g) in [("teacher", &x.teacher), ("student", &x.student)] {
            out.push_str(&format!(
                "{label:<26}{}{}{}  ({})\n",
                fmt(Some(g.majority)),
                fmt(Some(g.minority)),
                fmt(Some(g.worst())),
                g.worst_group()
            ));
        }
    }
    out.push_str(&format!("\n{:<26}", "η_u* (best η_u)"));
    for (_, s) in stars {
        out.push_str(&fmt(*s));
    }
    out.push('\n');
    let verdict = match ev.exact.as_ref().map(|x| x.gain()) {
        Some(g) if g > 0.0 => "W2S happens: the student beats its teacher (exact theory).",
        Some(_) => "W2S fails: the student is no better than its teacher (exact theory).",
        None => "",
    };
    out.push_str(&format!("\n{verdict}\n"));
    out
}

fn estimate_json(e: &Estimate, theory: f64, values: Vec<f64>) -> Value {
    json!({
        "mean": e.mean,
        "se": e.se,
        "theory": theory,
        "z": e.z_score(theory),
        "values": values,
    })
}

/// `w2s simulate --json`: simulated means with standard errors, the
/// per-replicate values, and the exact theory at the same point.
pub fn simulation_json(s: &Simulation) -> Value {
    let t = &s.theory;
    let reps = &s.replicates;
    let col = |f: fn(&Replicate) -> f64| reps.iter().map(f).collect::<Vec<_>>();
    let g = s.groups();
    json!({
        "params": params_json(&s.params),
        "config": {
            "d_z": s.config.d_z,
            "reps": s.config.reps,
            "seed": s.config.seed,
            "solver": s.config.solver.name(),
            "n": s.sizes.n,
            "N": s.sizes.big_n,
        },
        "teacher": estimate_json(&s.teacher(), t.teacher.at, col(|r| r.teacher.at)),
        "student": estimate_json(&s.student(), t.student.at, col(|r| r.student.at)),
        "gain": estimate_json(&s.gain(), t.gain(), col(Replicate::gain)),
        "groups": {
            "teacher": {
                "majority": estimate_json(&g[0], t.teacher.majority, col(|r| r.teacher.majority)),
                "minority": estimate_json(&g[1], t.teacher.minority, col(|r| r.teacher.minority)),
            },
            "student": {
                "majority": estimate_json(&g[2], t.student.majority, col(|r| r.student.majority)),
                "minority": estimate_json(&g[3], t.student.minority, col(|r| r.student.minority)),
            },
        },
        "theory": {
            "layer": "exact",
            "teacher": t.teacher.at,
            "student": t.student.at,
            "gain": t.gain(),
            "groups": {
                "teacher": groups_json(&t.teacher),
                "student": groups_json(&t.student),
            },
        },
        "iterations": reps.iter().map(|r| json!({"teacher": r.iterations.0, "student": r.iterations.1})).collect::<Vec<_>>(),
    })
}

/// The human-readable result of `w2s simulate`.
pub fn simulation_table(s: &Simulation) -> String {
    let c = &s.config;
    let mut out = format!(
        "Simulation  d_z={} n={} N={} replicates={} seed={} solver={}  (law={}, η_ℓ={} η_u={} η_t={})\n\n",
        c.d_z,
        s.sizes.n,
        s.sizes.big_n,
        c.reps,
        c.seed,
        c.solver.name(),
        s.params.law,
        s.params.eta_l,
        s.params.eta_u,
        s.params.eta_t
    );
    out.push_str(&format!(
        "{:<22}{:>22}{:>14}{:>9}\n",
        "", "simulated (mean ± SE)", "exact theory", "z"
    ));
    let t = &s.theory;
    let g = s.groups();
    let rows = [
        ("teacher ER_T", s.teacher(), t.teacher.at),
        ("student ER_S", s.student(), t.student.at),
        ("W2S gain", s.gain(), t.gain()),
        ("teacher, majority", g[0], t.teacher.majority),
        ("teacher, minority", g[1], t.teacher.minority),
        ("student, majority", g[2], t.student.majority),
        ("student, minority", g[3], t.student.minority),
    ];
    for (label, e, th) in rows {
        out.push_str(&format!(
            "{label:<22}{:>13.5} ± {:<7.5}{:>13.5}{:>+9.2}\n",
            e.mean,
            e.se,
            th,
            e.z_score(th)
        ));
    }
    out
}

pub fn validation_header() -> String {
    format!(
        "{:<44}{:>6}{:>6}{:>20}{:>10}{:>7}{:>20}{:>10}{:>7}  {}\n",
        "grid point",
        "d_z",
        "reps",
        "teacher sim",
        "theory",
        "z",
        "student sim",
        "theory",
        "z",
        "agrees"
    )
}

pub fn validation_row(label: &str, s: &Simulation, ok: bool) -> String {
    let (te, se) = (s.teacher(), s.student());
    format!(
        "{label:<44}{:>6}{:>6}{:>11.4} ± {:<6.4}{:>10.4}{:>+7.2}{:>11.4} ± {:<6.4}{:>10.4}{:>+7.2}  {}\n",
        s.config.d_z,
        s.config.reps,
        te.mean,
        te.se,
        s.theory.teacher.at,
        te.z_score(s.theory.teacher.at),
        se.mean,
        se.se,
        s.theory.student.at,
        se.z_score(s.theory.student.at),
        if ok { "yes" } else { "NO" }
    )
}

/// A number written exactly: Rust's shortest text that reads back to the
/// same bits (a JSON number may be read back a unit in the last place off).
fn exact(x: f64) -> Value {
    json!(x.to_string())
}

fn groups_exact(g: &GroupRisks) -> Value {
    json!([exact(g.at), exact(g.majority), exact(g.minority)])
}

/// One JSON line of `w2s validate --shard`: the grid it belongs to, the
/// shard, the point's index, label, parameters and configuration, and
/// every replicate's risks, exactly (what `w2s merge` needs and checks).
pub fn shard_line(grid: &Value, shard: Shard, index: usize, label: &str, s: &Simulation) -> Value {
    json!({
        "format": SHARD_FORMAT,
        "grid": grid,
        "shard": format!("{}/{}", shard.k, shard.n),
        "index": index,
        "label": label,
        "params": params_json(&s.params),
        "config": {
            "d_z": s.config.d_z,
            "reps": s.config.reps,
            "seed": s.config.seed.to_string(),
            "solver": s.config.solver.name(),
        },
        "replicates": s.replicates.iter().map(|r| json!({
            "teacher": groups_exact(&r.teacher),
            "student": groups_exact(&r.student),
            "iterations": [r.iterations.0, r.iterations.1],
        })).collect::<Vec<_>>(),
    })
}

/// The name and version of the shard lines' format.
pub const SHARD_FORMAT: &str = "w2s-validate-shard-1";
