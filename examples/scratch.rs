use w2s::fixed_point::*;
use w2s::*;
fn main() {
    for p in [1usize, 2, 3, 4, 6, 8, 12, 17, 24, 32, 48, 64] {
        let mut worst = [0.0f64; 3];
        let mut tmax = 0u128;
        let mut tsum = 0u128;
        let mut n = 0;
        for law in Law::ALL {
            for m in [0.0, 1.0, 3.0, 10.0, 30.0] {
                for eta in [0.0, 0.1, 0.5, 1.0] {
                    for frac in [0.001, 0.01, 0.3, 0.9, 0.99, 0.999] {
                        let pr = Problem {
                            law,
                            p,
                            m,
                            eta,
                            ratio: frac / p as f64,
                        };
                        let c = solve_with(&pr, Rule { h: 1.0 / 32.0 }, None).unwrap();
                        for (i, h) in [8.0, 12.0, 16.0].iter().enumerate() {
                            let t0 = std::time::Instant::now();
                            let a = solve_with(&pr, Rule { h: 1.0 / h }, None).unwrap();
                            let dt = t0.elapsed().as_nanos();
                            if i == 0 {
                                tmax = tmax.max(dt);
                                tsum += dt;
                                n += 1;
                            }
                            let nrm = c.a00.abs().max(c.a11.abs()).max(c.d.abs());
                            let e = [
                                (a.a00 - c.a00).abs(),
                                (a.a01 - c.a01).abs(),
                                (a.a11 - c.a11).abs(),
                                (a.d - c.d).abs(),
                            ]
                            .iter()
                            .fold(0.0f64, |m, v| m.max(*v))
                                / nrm;
                            worst[i] = worst[i].max(e);
                            if e > 1e-6 {
                                println!(
                                    "{law} p={p} m={m} eta={eta} frac={frac} h=1/{h} err {e:e} {a:?} {c:?}"
                                );
                            }
                        }
                    }
                }
            }
        }
        println!(
            "p={p}: worst err h=1/8 {:.1e} h=1/12 {:.1e} h=1/16 {:.1e}; time mean {} max {} ns",
            worst[0],
            worst[1],
            worst[2],
            tsum / n,
            tmax
        );
    }
}
