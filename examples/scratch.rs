use w2s::*;
fn main() {
    let raw = RawParams {
        p_t: 4,
        p_s: 3,
        xi2: 0.5,
        sep: 4.0,
        rho: 1.0,
        eta_l: 0.1,
        eta_u: 0.3,
        eta_t: 0.5,
        gamma: 0.05,
        nu: 0.01,
        sigma_y2: 1.0,
        law: Law::Mixture,
    };
    let p = Params::new(raw).unwrap();
    let mut e = Engine::new();
    for law in Law::ALL {
        let p = p.with_law(law);
        let ev = e.evaluate(&p, Request::ALL).unwrap();
        println!(
            "{law}: closed {:.5} {:.5} first {:.5} {:.5} exact {:.5} {:.5}",
            ev.closed_form.teacher.at,
            ev.closed_form.student.at,
            ev.first_order.unwrap().teacher.at,
            ev.first_order.unwrap().student.at,
            ev.exact.unwrap().teacher.at,
            ev.exact.unwrap().student.at
        );
    }
    println!("{:?}", e.stats);
}
