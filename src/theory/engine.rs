//! Memoised evaluation of the theory at a point.
//!
//! The expensive pieces of a law-aware risk each depend on a few parameters
//! only: Q_T on (law, p_T, ‖μ_T‖, η_ℓ, γ_z), Q_S on (law, p_S, ‖μ_S‖, η_u, ν_z),
//! the student's W matrices on those plus Ξ; none depends on η_t. The engine caches each piece
//! under exactly the parameters it depends on, so a sweep or a slider move only
//! recomputes what the moved parameter touches: along η_u the teacher is solved
//! once, on an (η_ℓ, η_u) map there are n_ℓ teachers and n_u students for
//! n_ℓ·n_u cells, and moving η_t solves no fixed point at all.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use nalgebra::DMatrix;

use crate::error::Error;
use crate::theory::fixed_point::{self, Problem, Side, Structured};
use crate::theory::geometry::Geometry;
use crate::theory::params::{Law, ParamName, Params};
use crate::theory::risks::{
    self, InTestMixture, Layer, LayerRisks, StudentSide, TeacherSide, ceiling_problem,
    student_problem, teacher_problem,
};
use crate::theory::sweep::Axis;

/// Which optional parts of an [`Evaluation`] to compute (closed forms are always there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub first_order: bool,
    pub exact: bool,
    /// The strong ceiling (needed for PGR); costs one more fixed point.
    pub ceiling: bool,
}

impl Request {
    pub const ALL: Request = Request {
        first_order: true,
        exact: true,
        ceiling: true,
    };
    pub const EXACT_ONLY: Request = Request {
        first_order: false,
        exact: true,
        ceiling: false,
    };

    fn wants(&self, layer: Layer) -> bool {
        match layer {
            Layer::ClosedForm => true,
            Layer::FirstOrder => self.first_order,
            Layer::Exact => self.exact,
        }
    }
}

/// The theory at one parameter point.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub params: Params,
    pub closed_form: LayerRisks,
    pub first_order: Option<LayerRisks>,
    pub exact: Option<LayerRisks>,
}

impl Evaluation {
    pub fn layer(&self, layer: Layer) -> Option<&LayerRisks> {
        match layer {
            Layer::ClosedForm => Some(&self.closed_form),
            Layer::FirstOrder => self.first_order.as_ref(),
            Layer::Exact => self.exact.as_ref(),
        }
    }
}

fn bits(x: f64) -> u64 {
    // +0.0 and −0.0 are the same parameter value.
    (x + 0.0).to_bits()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ProblemKey {
    law: Law,
    p: usize,
    m: u64,
    eta: u64,
    ratio: u64,
}

impl ProblemKey {
    fn new(pr: &Problem) -> Self {
        ProblemKey {
            law: pr.law,
            p: pr.p,
            m: bits(pr.m),
            eta: bits(pr.eta),
            ratio: bits(pr.ratio),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct SideKey {
    layer: Layer,
    problem: ProblemKey,
    /// What else the side depends on: for the student (p_T, c, ‖μ_T‖).
    extra: [u64; 3],
}

/// The last fixed points solved for one (law, p), newest last. Along a sweep
/// they are neighbours, and a polynomial extrapolation through them starts
/// Newton so close that one moment evaluation usually finishes the solve.
#[derive(Debug, Clone, Copy, Default)]
struct Trail {
    points: [Option<(Problem, Structured)>; 4],
}

impl Trail {
    fn coords(p: &Problem) -> [f64; 3] {
        [p.m, p.eta, p.ratio]
    }

    fn push(mut self, problem: Problem, q: Structured) -> Trail {
        self.points.rotate_left(1);
        self.points[3] = Some((problem, q));
        self
    }

    /// Lagrange extrapolation in the one coordinate (m, η or the ratio) that
    /// the recent solves and the new problem all move along; the newest
    /// solution when the trail is too short or the moves do not line up.
    fn predict(&self, next: &Problem) -> Option<Structured> {
        let (p2, q2) = self.points[3]?;
        let target = Self::coords(next);
        // The single coordinate in which `a` differs from `b`, if exactly one.
        let moved = |a: &[f64; 3], b: &[f64; 3]| -> Option<usize> {
            let mut it = (0..3).filter(|&i| a[i] != b[i]);
            let first = it.next()?;
            it.next().is_none().then_some(first)
        };
        let axis = moved(&Self::coords(&p2), &target)?;
        let mut nodes: Vec<(f64, Structured)> = vec![(Self::coords(&p2)[axis], q2)];
        let mut newer = Self::coords(&p2);
        for (p, q) in self.points[..3].iter().rev().flatten() {
            let c = Self::coords(p);
            if moved(&c, &newer) != Some(axis) {
                break;
            }
            nodes.push((c[axis], *q));
            newer = c;
        }
        let x = target[axis];
        let nearest = (x - nodes[0].0).abs();
        let span = (nodes.last().map_or(nodes[0].0, |n| n.0) - nodes[0].0).abs();
        if nodes.len() < 2 || nearest > 2.0 * span {
            return Some(q2);
        }
        // Lagrange weights at x.
        let mut out = Structured {
            a00: 0.0,
            a01: 0.0,
            a11: 0.0,
            d: 0.0,
        };
        for (i, (xi, qi)) in nodes.iter().enumerate() {
            let w: f64 = nodes
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, (xj, _))| (x - xj) / (xi - xj))
                .product();
            out.a00 += w * qi.a00;
            out.a01 += w * qi.a01;
            out.a11 += w * qi.a11;
            out.d += w * qi.d;
        }
        Some(out)
    }
}

/// A multiply–rotate hasher for the caches' keys (a few integers each): the
/// default SipHash costs more than the rest of a cached evaluation, and
/// these keys come from our own code, not from an adversary.
#[derive(Debug, Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// A cache in two generations, what the current frame used and what the
/// frame before it used, plus the entry asked for last. [`Memo::next_generation`] drops the older one, so a
/// long slider drag keeps only what the next frame can still reuse, and the
/// two tables are recycled instead of growing.
#[derive(Debug)]
struct Memo<K, V> {
    current: KeyMap<K, V>,
    previous: KeyMap<K, V>,
    /// The entry asked for last: along a sweep the same side is asked for
    /// many times in a row (one teacher per η_u curve, one student per row of
    /// the map), and comparing keys is cheaper than hashing them.
    last: Option<(K, V)>,
    enabled: bool,
}

impl<K: std::hash::Hash + Eq + Copy, V: Clone> Memo<K, V> {
    fn new(enabled: bool) -> Self {
        Memo {
            current: KeyMap::default(),
            previous: KeyMap::default(),
            last: None,
            enabled,
        }
    }

    fn get(&mut self, key: &K) -> Option<V> {
        if let Some((k, v)) = &self.last
            && k == key
        {
            return Some(v.clone());
        }
        let v = match self.current.get(key) {
            Some(v) => v.clone(),
            None => {
                let v = self.previous.get(key)?.clone();
                self.current.insert(*key, v.clone());
                v
            }
        };
        if self.enabled {
            self.last = Some((*key, v.clone()));
        }
        Some(v)
    }

    fn insert(&mut self, key: K, value: V) {
        if !self.enabled {
            return;
        }
        // Bounds memory when no one starts new generations (a long CLI sweep).
        if self.current.len() >= CACHE_LIMIT {
            self.next_generation();
        }
        self.last = Some((key, value.clone()));
        self.current.insert(key, value);
    }

    fn next_generation(&mut self) {
        std::mem::swap(&mut self.current, &mut self.previous);
        self.current.clear();
    }
}

/// Counts of cache hits and misses, for the benchmark and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub fixed_point_solves: u64,
    pub fixed_point_hits: u64,
    /// Moment evaluations (quadrature passes) over all solves.
    pub moment_evaluations: u64,
}

/// The risks at the point from its two sides (and the ceiling's risk).
fn risks(
    p: &Params,
    teacher: &TeacherSide,
    student: &StudentSide,
    ceiling: Option<InTestMixture>,
) -> LayerRisks {
    let k = p.sigma_y2 * p.gamma;
    LayerRisks {
        teacher: teacher.unit_risk.groups(p.law, p.eta_t, k),
        student: student.unit_risk(&teacher.q_t).groups(p.law, p.eta_t, k),
        ceiling: ceiling.map(|c| c.groups(p.law, p.eta_t, k)),
    }
}

/// Evaluates the theory, remembering what it computed (see the module doc).
#[derive(Debug)]
pub struct Engine {
    fixed: Memo<ProblemKey, Structured>,
    teachers: Memo<SideKey, Rc<TeacherSide>>,
    students: Memo<SideKey, Rc<StudentSide>>,
    ceilings: Memo<SideKey, InTestMixture>,
    /// Per (law, p), the last four solutions (a [`Trail`]): warm starts for the
    /// next problem. There are at most 2 · 64 keys, so [`Engine::next_frame`]
    /// leaves them alone and the table never reaches its limit.
    trails: Memo<(Law, usize), Trail>,
    pub stats: Stats,
}

/// Entries per cache before it is emptied.
const CACHE_LIMIT: usize = 100_000;

impl Default for Engine {
    fn default() -> Self {
        Engine::with_reuse(true)
    }
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// An engine that recomputes everything for every point, from cold starts:
    /// the baseline the benchmark compares against.
    pub fn without_reuse() -> Engine {
        Engine::with_reuse(false)
    }

    fn with_reuse(reuse: bool) -> Engine {
        Engine {
            fixed: Memo::new(reuse),
            teachers: Memo::new(reuse),
            students: Memo::new(reuse),
            ceilings: Memo::new(reuse),
            trails: Memo::new(reuse),
            stats: Stats::default(),
        }
    }

    /// Starts a new frame: entries neither this frame nor the previous one
    /// used are forgotten. Call it once per redraw of the page.
    pub fn next_frame(&mut self) {
        self.fixed.next_generation();
        self.teachers.next_generation();
        self.students.next_generation();
        self.ceilings.next_generation();
    }

    /// The exact Q of a problem, solved once.
    pub fn fixed_point(&mut self, problem: &Problem) -> Result<Structured, Error> {
        self.fixed_point_of(problem, Side::Unnamed)
    }

    /// [`Engine::fixed_point`], naming in any error which side it is.
    fn fixed_point_of(&mut self, problem: &Problem, side: Side) -> Result<Structured, Error> {
        let key = ProblemKey::new(problem);
        if let Some(q) = self.fixed.get(&key) {
            self.stats.fixed_point_hits += 1;
            return Ok(q);
        }
        self.stats.fixed_point_solves += 1;
        let trail = self
            .trails
            .get(&(problem.law, problem.p))
            .unwrap_or_default();
        let start = trail.predict(problem);
        let q = fixed_point::solve_counted(
            problem,
            fixed_point::Rule::STANDARD,
            start,
            &mut self.stats.moment_evaluations,
        )
        .map_err(|e| fixed_point::NoConvergence { side, ..e })?;
        self.fixed.insert(key, q);
        self.trails
            .insert((problem.law, problem.p), trail.push(*problem, q));
        Ok(q)
    }

    fn q_dense(
        &mut self,
        problem: &Problem,
        layer: Layer,
        side: Side,
    ) -> Result<DMatrix<f64>, Error> {
        let s = match layer {
            Layer::Exact => self.fixed_point_of(problem, side)?,
            _ => problem.sigma_inverse(),
        };
        Ok(s.to_dense(problem.p))
    }

    fn teacher(
        &mut self,
        p: &Params,
        g: &Geometry,
        layer: Layer,
    ) -> Result<Rc<TeacherSide>, Error> {
        let problem = teacher_problem(p, g);
        let key = SideKey {
            layer,
            problem: ProblemKey::new(&problem),
            extra: [0; 3],
        };
        if let Some(side) = self.teachers.get(&key) {
            return Ok(side);
        }
        let q_t = self.q_dense(&problem, layer, Side::Teacher)?;
        let side = Rc::new(TeacherSide::new(g, q_t)?);
        self.teachers.insert(key, side.clone());
        Ok(side)
    }

    fn student(
        &mut self,
        p: &Params,
        g: &Geometry,
        layer: Layer,
    ) -> Result<Rc<StudentSide>, Error> {
        let problem = student_problem(p, g);
        let key = SideKey {
            layer,
            problem: ProblemKey::new(&problem),
            extra: [p.p_t as u64, bits(g.c), bits(g.m_t)],
        };
        if let Some(side) = self.students.get(&key) {
            return Ok(side);
        }
        let q_s = self.q_dense(&problem, layer, Side::Student)?;
        let side = Rc::new(StudentSide::new(g, p.eta_u, p.nu, &q_s)?);
        self.students.insert(key, side.clone());
        Ok(side)
    }

    fn ceiling(&mut self, p: &Params, g: &Geometry, layer: Layer) -> Result<InTestMixture, Error> {
        let problem = ceiling_problem(p, g);
        let key = SideKey {
            layer,
            problem: ProblemKey::new(&problem),
            extra: [0; 3],
        };
        if let Some(r) = self.ceilings.get(&key) {
            return Ok(r);
        }
        let q_c = self.q_dense(&problem, layer, Side::Ceiling)?;
        let r = risks::ceiling_unit_risk(g, &q_c);
        self.ceilings.insert(key, r);
        Ok(r)
    }

    /// One law-aware layer at a point.
    pub fn layer(
        &mut self,
        p: &Params,
        layer: Layer,
        with_ceiling: bool,
    ) -> Result<LayerRisks, Error> {
        if layer == Layer::ClosedForm {
            let mut r = risks::closed_form(p);
            if !with_ceiling {
                r.ceiling = None;
            }
            return Ok(r);
        }
        let g = Geometry::new(p);
        let teacher = self.teacher(p, &g, layer)?;
        let student = self.student(p, &g, layer)?;
        let ceiling = if with_ceiling {
            Some(self.ceiling(p, &g, layer)?)
        } else {
            None
        };
        Ok(risks(p, &teacher, &student, ceiling))
    }

    /// A layer's relative gain on the grid of (η_ℓ, η_u) values, row-major
    /// (index = i_u · |η_ℓ| + i_ℓ). The teacher depends on η_ℓ and not η_u,
    /// the student the other way round, so each side is looked up once per
    /// row or column and the cells only combine them.
    pub fn relative_gain_grid(
        &mut self,
        p: &Params,
        layer: Layer,
        eta_l: &[f64],
        eta_u: &[f64],
    ) -> Result<Vec<f64>, Error> {
        if layer == Layer::ClosedForm {
            let mut out = Vec::with_capacity(eta_l.len() * eta_u.len());
            for &u in eta_u {
                let row = p.with(ParamName::EtaU, u)?;
                for &l in eta_l {
                    let cell = row.with(ParamName::EtaL, l)?;
                    out.push(risks::closed_form(&cell).relative_gain());
                }
            }
            return Ok(out);
        }
        let teachers = eta_l
            .iter()
            .map(|&l| {
                let q = p.with(ParamName::EtaL, l)?;
                self.teacher(&q, &Geometry::new(&q), layer)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let mut out = Vec::with_capacity(eta_l.len() * eta_u.len());
        for &u in eta_u {
            let q = p.with(ParamName::EtaU, u)?;
            let student = self.student(&q, &Geometry::new(&q), layer)?;
            out.extend(
                teachers
                    .iter()
                    .map(|t| risks(p, t, &student, None).relative_gain()),
            );
        }
        Ok(out)
    }

    /// A layer's relative gain on the grid of `x` × `y` values (any two
    /// parameters), row-major (index = i_y · |x| + i_x). A cell outside the
    /// theory's regime (γ_z ≥ 0.9999/p_T, ‖Ξ‖_F² > p_S − 1, …) or whose
    /// solve fails is NaN: marked, never computed or guessed.
    ///
    /// (η_ℓ, η_u) takes [`Engine::relative_gain_grid`]'s fast path. Any
    /// other pair is evaluated cell by cell, along rows so that each solve
    /// starts from its neighbour's (the trails' warm starts); a parameter
    /// that touches one side only (η_ℓ, γ_z the teacher; η_u, ν_z, ‖Ξ‖_F² the
    /// student; η_t neither) leaves the other side to the caches, so such a
    /// map solves that side once per row or column, not once per cell.
    pub fn relative_gain_map(
        &mut self,
        p: &Params,
        layer: Layer,
        x: &Axis,
        y: &Axis,
    ) -> Result<Vec<f64>, Error> {
        if (x.param, y.param) == (ParamName::EtaL, ParamName::EtaU) {
            return self.relative_gain_grid(p, layer, &x.values, &y.values);
        }
        if x.param == y.param {
            return Err(Error::Request(format!(
                "a map over {} against itself has no cells",
                x.param
            )));
        }
        let mut out = Vec::with_capacity(x.values.len() * y.values.len());
        for &vy in &y.values {
            for &vx in &x.values {
                out.push(self.cell_gain(p, layer, (x.param, vx), (y.param, vy)));
            }
        }
        Ok(out)
    }

    /// One cell of [`Engine::relative_gain_map`]: NaN when the point is not
    /// in the regime or its layer cannot be solved.
    fn cell_gain(
        &mut self,
        p: &Params,
        layer: Layer,
        (nx, vx): (ParamName, f64),
        (ny, vy): (ParamName, f64),
    ) -> f64 {
        let mut raw = p.raw();
        // Both values before validating: one alone may not fit (‖Ξ‖_F² with ρ).
        if raw.set(nx, vx).is_err() || raw.set(ny, vy).is_err() {
            return f64::NAN;
        }
        let Ok(cell) = Params::new(raw) else {
            return f64::NAN;
        };
        match self.layer(&cell, layer, false) {
            Ok(r) => r.relative_gain(),
            Err(_) => f64::NAN,
        }
    }

    /// Every requested layer at a point.
    pub fn evaluate(&mut self, p: &Params, req: Request) -> Result<Evaluation, Error> {
        let mut layers = [None, None];
        for (slot, layer) in layers.iter_mut().zip([Layer::FirstOrder, Layer::Exact]) {
            if req.wants(layer) {
                *slot = Some(self.layer(p, layer, req.ceiling)?);
            }
        }
        Ok(Evaluation {
            params: *p,
            closed_form: self.layer(p, Layer::ClosedForm, req.ceiling)?,
            first_order: layers[0],
            exact: layers[1],
        })
    }
}
