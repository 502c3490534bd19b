use w2s::fixed_point::*;
use w2s::*;
fn main() {
    let pr = Problem {
        law: Law::Mixture,
        p: 2,
        m: 0.0,
        eta: 0.0,
        ratio: 0.475,
    };
    println!("{:?}", solve_with(&pr, Rule { h: 1.0 / 16.0 }, None));
}
