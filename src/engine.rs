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
use std::rc::Rc;

use nalgebra::DMatrix;

use crate::error::Error;
use crate::fixed_point::{self, Problem, Structured};
use crate::geometry::Geometry;
use crate::params::{Law, Params};
use crate::theory::{
    self, InTestMixture, Layer, LayerRisks, StudentSide, TeacherSide, ceiling_problem,
    student_problem, teacher_problem,
};

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

/// A bounded map that remembers nothing when reuse is off.
#[derive(Debug)]
struct Memo<K, V> {
    map: HashMap<K, V>,
    enabled: bool,
}

impl<K: std::hash::Hash + Eq, V: Clone> Memo<K, V> {
    fn new(enabled: bool) -> Self {
        Memo {
            map: HashMap::new(),
            enabled,
        }
    }

    fn get(&self, key: &K) -> Option<V> {
        self.map.get(key).cloned()
    }

    fn insert(&mut self, key: K, value: V) {
        if !self.enabled {
            return;
        }
        // Emptied when full: bounds memory over a long session.
        if self.map.len() >= CACHE_LIMIT {
            self.map.clear();
        }
        self.map.insert(key, value);
    }

    fn clear(&mut self) {
        self.map.clear();
    }
}

/// Counts of cache hits and misses, for the benchmark and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub fixed_point_solves: u64,
    pub fixed_point_hits: u64,
}

/// Evaluates the theory, remembering what it computed (see the module doc).
#[derive(Debug)]
pub struct Engine {
    fixed: Memo<ProblemKey, Structured>,
    teachers: Memo<SideKey, Rc<TeacherSide>>,
    students: Memo<SideKey, Rc<StudentSide>>,
    ceilings: Memo<SideKey, InTestMixture>,
    /// Last solution per (law, p): a warm start for the next nearby problem.
    warm: Memo<(Law, usize), Structured>,
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
            warm: Memo::new(reuse),
            stats: Stats::default(),
        }
    }

    /// Empties every cache.
    pub fn clear(&mut self) {
        self.fixed.clear();
        self.teachers.clear();
        self.students.clear();
        self.ceilings.clear();
        self.warm.clear();
    }

    /// The exact Q of a problem, solved once.
    pub fn fixed_point(&mut self, problem: &Problem) -> Result<Structured, Error> {
        let key = ProblemKey::new(problem);
        if let Some(q) = self.fixed.get(&key) {
            self.stats.fixed_point_hits += 1;
            return Ok(q);
        }
        self.stats.fixed_point_solves += 1;
        let start = self.warm.get(&(problem.law, problem.p));
        let q = fixed_point::solve_with(problem, fixed_point::Rule::STANDARD, start)?;
        self.fixed.insert(key, q);
        self.warm.insert((problem.law, problem.p), q);
        Ok(q)
    }

    fn q_dense(&mut self, problem: &Problem, layer: Layer) -> Result<DMatrix<f64>, Error> {
        let s = match layer {
            Layer::Exact => self.fixed_point(problem)?,
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
        let side = Rc::new(TeacherSide::new(g, self.q_dense(&problem, layer)?));
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
        let q_s = self.q_dense(&problem, layer)?;
        let side = Rc::new(StudentSide::new(g, p.eta_u, p.nu, &q_s));
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
        let q_c = self.q_dense(&problem, layer)?;
        let r = theory::ceiling_unit_risk(g, &q_c);
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
            let mut r = theory::closed_form(p);
            if !with_ceiling {
                r.ceiling = None;
            }
            return Ok(r);
        }
        let g = Geometry::new(p);
        let k = p.sigma_y2 * p.gamma;
        let teacher = self.teacher(p, &g, layer)?;
        let student = self.student(p, &g, layer)?;
        let ceiling = if with_ceiling {
            Some(self.ceiling(p, &g, layer)?.groups(p.law, p.eta_t, k))
        } else {
            None
        };
        Ok(LayerRisks {
            teacher: teacher.unit_risk.groups(p.law, p.eta_t, k),
            student: student.unit_risk(&teacher.q_t).groups(p.law, p.eta_t, k),
            ceiling,
        })
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
