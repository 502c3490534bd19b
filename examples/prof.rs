use w2s::fixed_point::*;
use w2s::*;
fn main() {
    let gl = laguerre_nodes();
    // bins by (R, c)
    let mut rows = vec![];
    for law in Law::ALL { for p in [1usize,2,3,4,6,12,32,64] { for m in [0.0, 1.0, 2.0, 3.0, 6.0, 10.0] { for eta in [0.0, 0.1, 0.5, 0.9, 1.0] { for frac in [0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7] {
        let pr = Problem { law, p, m, eta, ratio: frac / p as f64 };
        let q = solve_with(&pr, Rule { h: 1.0/32.0 }, None).unwrap();
        let fine = moments(&pr, &q, &Rule { h: 1.0/32.0 }.nodes(1.0 - frac));
        let g = moments(&pr, &q, &gl);
        let scale = fine.f.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        let err = (0..4).map(|i| (g.f[i] - fine.f[i]).abs() / scale).fold(0.0, f64::max);
        let (rr, c) = pr.conditioning(&q);
        rows.push((rr, c, err, frac));
    }}}}}
    for rmin in [2.0, 3.0, 5.0, 8.0] { for cmax in [0.5, 1.0, 2.0, 4.0] {
        let sel: Vec<_> = rows.iter().filter(|r| r.0 >= rmin && r.1 <= cmax).collect();
        let worst = sel.iter().map(|r| r.2).fold(0.0, f64::max);
        println!("R ≥ {rmin}, c ≤ {cmax}: {} of {} problems, worst rel err {worst:.1e}", sel.len(), rows.len());
    }}
}
