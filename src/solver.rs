//! Least squares for models f(x) = zᵀ Θ a(x): minimise Σ_i (y_i − z_iᵀ Θ a_i)²
//! over Θ ∈ R^{d × p}. The normal operator is Σ_i (a_i a_iᵀ) ⊗ (z_i z_iᵀ)
//! (THEORY.md section 5). Two solvers, kept because each checks the other:
//! - [`Solver::Cg`] (default): matrix-free preconditioned conjugate gradient.
//!   A matvec costs 2·n·d·p and never forms the operator; the preconditioner
//!   is (AᵀA)⁻¹ ⊗ I, exact in expectation over z. Memory O(d·p) beyond the data.
//! - [`Solver::Dense`]: forms the (dp × dp) normal matrix block by block with
//!   matrix products and solves it by Cholesky. O(n (dp)²) time, O((dp)²) memory.
//!
//! Θ is stored transposed, p rows of length d, so every inner loop runs over d.

use nalgebra::DMatrix;

/// Which solver fits the least-squares problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solver {
    Cg,
    Dense,
}

impl Solver {
    pub fn name(self) -> &'static str {
        match self {
            Solver::Cg => "cg",
            Solver::Dense => "dense",
        }
    }

    pub fn parse(text: &str) -> Option<Solver> {
        match text.trim().to_ascii_lowercase().as_str() {
            "cg" => Some(Solver::Cg),
            "dense" => Some(Solver::Dense),
            _ => None,
        }
    }
}

/// The data of one fit: n rows of z (length d) and of a (length p), row-major.
#[derive(Debug, Clone, Copy)]
pub struct Design<'a> {
    pub z: &'a [f64],
    pub a: &'a [f64],
    pub n: usize,
    pub d: usize,
    pub p: usize,
}

/// Relative residual at which CG stops: far below what the 1e-8 agreement
/// between the solvers needs.
const CG_TOL: f64 = 1e-12;

fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// C (m × n) = A (m × k) · B (k × n) + β C for strided operands, by
/// the `matrixmultiply` kernels: the matvec is two skinny products (n × d by
/// d × p and back), which a blocked GEMM runs several times faster than
/// per-row dot products.
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    a: (&[f64], usize, usize),
    b: (&[f64], usize, usize),
    beta: f64,
    c: (&mut [f64], usize, usize),
) {
    let need = |rows: usize, cols: usize, rs: usize, cs: usize| {
        if rows == 0 || cols == 0 {
            0
        } else {
            (rows - 1) * rs + (cols - 1) * cs + 1
        }
    };
    assert!(a.0.len() >= need(m, k, a.1, a.2));
    assert!(b.0.len() >= need(k, n, b.1, b.2));
    assert!(c.0.len() >= need(m, n, c.1, c.2));
    // SAFETY: the asserts above keep every index the kernel touches inside
    // the three slices, and `c` does not alias `a` or `b` (it is `&mut`).
    unsafe {
        matrixmultiply::dgemm(
            m,
            k,
            n,
            1.0,
            a.0.as_ptr(),
            a.1 as isize,
            a.2 as isize,
            b.0.as_ptr(),
            b.1 as isize,
            b.2 as isize,
            beta,
            c.0.as_mut_ptr(),
            c.1 as isize,
            c.2 as isize,
        );
    }
}

impl Design<'_> {
    fn a_row(&self, i: usize) -> &[f64] {
        &self.a[i * self.p..(i + 1) * self.p]
    }

    /// Rows per block of the fused passes: a block of Z (≤ 512 KB) stays in
    /// cache between its two products, so Z is read from memory once per
    /// matvec rather than twice (the matvec is bound by memory traffic).
    fn block_rows(&self) -> usize {
        (65_536 / self.d.max(1)).clamp(16, 4096)
    }

    /// For each block of rows: U_B = Z_B Θ (into `u`), then `rows(i, u_i)` may
    /// rewrite U's rows in place, then out (Θᵀ layout) += Z_Bᵀ U_B when
    /// `back` is set. `u` is scratch of n × p.
    fn blocked(
        &self,
        theta_t: Option<&[f64]>,
        u: &mut [f64],
        mut rows: impl FnMut(usize, &mut [f64]),
        mut out: Option<&mut [f64]>,
    ) {
        let (d, p) = (self.d, self.p);
        let step = self.block_rows();
        let mut first = true;
        for start in (0..self.n).step_by(step) {
            let m = step.min(self.n - start);
            let z_block = &self.z[start * d..(start + m) * d];
            let u_block = &mut u[start * p..(start + m) * p];
            if let Some(theta_t) = theta_t {
                gemm(
                    m,
                    d,
                    p,
                    (z_block, d, 1),
                    (theta_t, 1, d),
                    0.0,
                    (u_block, p, 1),
                );
            }
            for (i, row) in u_block.chunks_mut(p).enumerate() {
                rows(start + i, row);
            }
            if let Some(out) = out.as_deref_mut() {
                let beta = if first { 0.0 } else { 1.0 };
                gemm(d, m, p, (z_block, 1, d), (u_block, p, 1), beta, (out, 1, d));
            }
            first = false;
        }
        if first {
            if let Some(out) = out {
                out.fill(0.0);
            }
        }
    }

    /// Predictions z_iᵀ Θ a_i for Θᵀ stored as p rows of length d.
    pub fn predict(&self, theta_t: &[f64]) -> Vec<f64> {
        let mut u = vec![0.0; self.n * self.p];
        let mut pred = vec![0.0; self.n];
        self.blocked(
            Some(theta_t),
            &mut u,
            |i, row| pred[i] = dot(row, self.a_row(i)),
            None,
        );
        pred
    }

    /// Σ_i c_i z_i a_iᵀ, transposed (p rows of length d); `v` is scratch (n × p).
    fn gather(&self, c: impl Fn(usize) -> f64, v: &mut [f64], out: &mut [f64]) {
        self.blocked(
            None,
            v,
            |i, row| {
                let ci = c(i);
                for (vk, ak) in row.iter_mut().zip(self.a_row(i)) {
                    *vk = ci * ak;
                }
            },
            Some(out),
        );
    }

    /// The normal operator applied to Θ: Σ_i z_i (z_iᵀ Θ a_i) a_iᵀ, with `u`
    /// as scratch (n × p).
    fn apply(&self, theta_t: &[f64], u: &mut [f64], out: &mut [f64]) {
        self.blocked(
            Some(theta_t),
            u,
            |i, row| {
                let r = dot(row, self.a_row(i));
                for (uk, ak) in row.iter_mut().zip(self.a_row(i)) {
                    *uk = r * ak;
                }
            },
            Some(out),
        );
    }

    /// AᵀA (p × p).
    fn gram(&self) -> DMatrix<f64> {
        let mut g = DMatrix::zeros(self.p, self.p);
        for i in 0..self.n {
            let a = self.a_row(i);
            for k in 0..self.p {
                for l in 0..self.p {
                    g[(k, l)] += a[k] * a[l];
                }
            }
        }
        g
    }
}

/// Why a fit failed.
#[derive(Debug, Clone, PartialEq)]
pub enum FitError {
    /// The design is rank-deficient (too few samples for d·p unknowns).
    Singular,
    /// CG stopped before reaching its tolerance.
    NoConvergence { iterations: usize, residual: f64 },
}

impl std::fmt::Display for FitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FitError::Singular => f.write_str("the least-squares problem is singular"),
            FitError::NoConvergence {
                iterations,
                residual,
            } => write!(
                f,
                "conjugate gradient stopped after {iterations} iterations at relative residual {residual:.2e}"
            ),
        }
    }
}

/// A fitted Θ (transposed: p rows of length d) and what it cost.
#[derive(Debug, Clone)]
pub struct Fit {
    pub theta_t: Vec<f64>,
    /// CG iterations (0 for the dense solver).
    pub iterations: usize,
}

/// Fits y_i ≈ z_iᵀ Θ a_i by least squares.
pub fn fit(design: &Design, y: &[f64], solver: Solver) -> Result<Fit, FitError> {
    match solver {
        Solver::Cg => fit_cg(design, y),
        Solver::Dense => fit_dense(design, y),
    }
}

fn fit_cg(ds: &Design, y: &[f64]) -> Result<Fit, FitError> {
    let len = ds.d * ds.p;
    let gram = ds.gram().cholesky().ok_or(FitError::Singular)?;
    let gram_inv = gram.inverse();
    // Preconditioner: Θᵀ ↦ (AᵀA)⁻¹ Θᵀ, the inverse of E_z[normal operator].
    let precondition = |r: &[f64], out: &mut [f64]| {
        out.fill(0.0);
        for k in 0..ds.p {
            for l in 0..ds.p {
                let g = gram_inv[(k, l)];
                axpy(
                    g,
                    &r[l * ds.d..(l + 1) * ds.d],
                    &mut out[k * ds.d..(k + 1) * ds.d],
                );
            }
        }
    };
    let mut scratch = vec![0.0; ds.n * ds.p];
    let mut b = vec![0.0; len];
    ds.gather(|i| y[i], &mut scratch, &mut b);
    let b_norm = dot(&b, &b).sqrt();
    let mut x = vec![0.0; len];
    if b_norm == 0.0 {
        return Ok(Fit {
            theta_t: x,
            iterations: 0,
        });
    }
    let mut r = b;
    let mut zr = vec![0.0; len];
    precondition(&r, &mut zr);
    let mut dir = zr.clone();
    let mut rz = dot(&r, &zr);
    let mut ad = vec![0.0; len];
    let max_iter = 20 * len + 100;
    for it in 1..=max_iter {
        ds.apply(&dir, &mut scratch, &mut ad);
        let alpha = rz / dot(&dir, &ad);
        axpy(alpha, &dir, &mut x);
        axpy(-alpha, &ad, &mut r);
        let res = dot(&r, &r).sqrt() / b_norm;
        if res <= CG_TOL {
            return Ok(Fit {
                theta_t: x,
                iterations: it,
            });
        }
        if !res.is_finite() {
            return Err(FitError::Singular);
        }
        precondition(&r, &mut zr);
        let rz_new = dot(&r, &zr);
        let beta = rz_new / rz;
        rz = rz_new;
        for (di, zi) in dir.iter_mut().zip(&zr) {
            *di = zi + beta * *di;
        }
    }
    Err(FitError::NoConvergence {
        iterations: max_iter,
        residual: dot(&r, &r).sqrt() / b_norm,
    })
}

fn fit_dense(ds: &Design, y: &[f64]) -> Result<Fit, FitError> {
    let (n, d, p) = (ds.n, ds.d, ds.p);
    let z = DMatrix::from_row_slice(n, d, ds.z);
    let mut normal = DMatrix::zeros(d * p, d * p);
    // Block (k, l) = Zᵀ diag(a_k ⊙ a_l) Z, one matrix product each.
    for k in 0..p {
        for l in k..p {
            let mut scaled = z.clone();
            for i in 0..n {
                let a = ds.a_row(i);
                scaled.row_mut(i).scale_mut(a[k] * a[l]);
            }
            let block = z.transpose() * scaled;
            normal.view_mut((k * d, l * d), (d, d)).copy_from(&block);
            if l != k {
                normal
                    .view_mut((l * d, k * d), (d, d))
                    .copy_from(&block.transpose());
            }
        }
    }
    let mut b = vec![0.0; d * p];
    ds.gather(|i| y[i], &mut vec![0.0; n * p], &mut b);
    let chol = normal.cholesky().ok_or(FitError::Singular)?;
    let x = chol.solve(&nalgebra::DVector::from_vec(b));
    Ok(Fit {
        theta_t: x.as_slice().to_vec(),
        iterations: 0,
    })
}

/// Bytes the dense solver's normal matrix needs.
pub fn dense_bytes(d: usize, p: usize) -> f64 {
    8.0 * (d * p) as f64 * (d * p) as f64
}
