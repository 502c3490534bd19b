//! Least squares for models f(x) = zᵀ Θ a(x): minimise Σ_i (y_i − z_iᵀ Θ a_i)²
//! over Θ ∈ R^{d × p}. The normal operator is Σ_i (a_i a_iᵀ) ⊗ (z_i z_iᵀ)
//! (docs/THEORY.md section 5). Two solvers, kept because each checks the other:
//! - [`Solver::Cg`] (default): matrix-free preconditioned conjugate gradient.
//!   A matvec costs 2·n·d·p and never forms the operator; the preconditioner
//!   is (AᵀA)⁻¹ ⊗ I, exact in expectation over z. Memory O(d·p) beyond the data.
//! - [`Solver::Dense`]: forms the (dp × dp) normal matrix block by block with
//!   matrix products and solves it by Cholesky. O(n (dp)²) time, O((dp)²) memory.
//!
//! Θ is stored transposed, p rows of length d, so every inner loop runs over d.
//! z is stored in single precision and every product is computed in double:
//! a CG matvec reads all of Z once, so it is bound by memory traffic, and f32
//! storage halves it (and the memory a browser tab needs). Rounding a
//! Gaussian draw to 24 bits changes nothing the simulation measures; both
//! solvers see the same rounded data.

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
    pub z: &'a [f32],
    pub a: &'a [f64],
    pub n: usize,
    pub d: usize,
    pub p: usize,
}

/// z · t with eight independent partial sums (lane l takes the entries
/// ≡ l mod 8), then a fixed reduction. [`dot_avx2`] computes the same lanes
/// in the same order with no fused multiply-add, so every target (AVX2,
/// SSE2, wasm) gets the same bits.
#[inline(always)]
fn dot(z: &[f32], t: &[f64]) -> f64 {
    let n8 = z.len() / 8 * 8;
    let mut acc = [0.0f64; 8];
    for (zc, tc) in z[..n8].chunks_exact(8).zip(t[..n8].chunks_exact(8)) {
        for l in 0..8 {
            acc[l] += f64::from(zc[l]) * tc[l];
        }
    }
    finish_dot(&acc, &z[n8..], &t[n8..])
}

#[inline(always)]
fn finish_dot(acc: &[f64; 8], z: &[f32], t: &[f64]) -> f64 {
    let mut s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (a, b) in z.iter().zip(t) {
        s += f64::from(*a) * b;
    }
    s
}

/// [`dot`] in AVX2 intrinsics (the compiler does not vectorize the portable
/// form well): lanes 0–3 in one register, 4–7 in the other.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn dot_avx2(z: &[f32], t: &[f64]) -> f64 {
    use std::arch::x86_64::*;
    let n8 = z.len() / 8 * 8;
    let (pz, pt) = (z.as_ptr(), t.as_ptr());
    let mut acc = [0.0f64; 8];
    // SAFETY: i + 8 ≤ n8 ≤ z.len() = t.len() for every load.
    unsafe {
        let (mut lo, mut hi) = (_mm256_setzero_pd(), _mm256_setzero_pd());
        let mut i = 0;
        while i < n8 {
            let z_lo = _mm256_cvtps_pd(_mm_loadu_ps(pz.add(i)));
            let z_hi = _mm256_cvtps_pd(_mm_loadu_ps(pz.add(i + 4)));
            lo = _mm256_add_pd(lo, _mm256_mul_pd(z_lo, _mm256_loadu_pd(pt.add(i))));
            hi = _mm256_add_pd(hi, _mm256_mul_pd(z_hi, _mm256_loadu_pd(pt.add(i + 4))));
            i += 8;
        }
        _mm256_storeu_pd(acc.as_mut_ptr(), lo);
        _mm256_storeu_pd(acc.as_mut_ptr().add(4), hi);
    }
    finish_dot(&acc, &z[n8..], &t[n8..])
}

/// out += alpha · z (each entry one multiply and one add: the same bits
/// however it is vectorized).
#[inline(always)]
fn axpy_f32(alpha: f64, z: &[f32], out: &mut [f64]) {
    for (o, zj) in out.iter_mut().zip(z) {
        *o += alpha * f64::from(*zj);
    }
}

fn dot64(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// The normal operator applied to Θ, `out` zeroed; `dot` is [`dot`] or
/// [`dot_avx2`]. One pass over Z: each row comes from memory once and from
/// cache for its 2p products.
#[inline(always)]
fn apply_rows(ds: &Design, theta_t: &[f64], out: &mut [f64], dot: impl Fn(&[f32], &[f64]) -> f64) {
    let (d, p) = (ds.d, ds.p);
    for (z, a) in ds.z.chunks_exact(d).zip(ds.a.chunks_exact(p)) {
        let mut r = 0.0;
        for k in 0..p {
            r += a[k] * dot(z, &theta_t[k * d..(k + 1) * d]);
        }
        for k in 0..p {
            axpy_f32(r * a[k], z, &mut out[k * d..(k + 1) * d]);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn apply_rows_avx2(ds: &Design, theta_t: &[f64], out: &mut [f64]) {
    apply_rows(ds, theta_t, out, |z, t| dot_avx2(z, t));
}

/// Relative residual at which CG stops: far below what the 1e-8 agreement
/// between the solvers needs.
const CG_TOL: f64 = 1e-12;

impl Design<'_> {
    fn z_row(&self, i: usize) -> &[f32] {
        &self.z[i * self.d..(i + 1) * self.d]
    }

    fn a_row(&self, i: usize) -> &[f64] {
        &self.a[i * self.p..(i + 1) * self.p]
    }

    /// Predictions z_iᵀ Θ a_i for Θᵀ stored as p rows of length d.
    pub fn predict(&self, theta_t: &[f64]) -> Vec<f64> {
        let d = self.d;
        (0..self.n)
            .map(|i| {
                let z = self.z_row(i);
                self.a_row(i)
                    .iter()
                    .enumerate()
                    .map(|(k, ak)| ak * dot(z, &theta_t[k * d..(k + 1) * d]))
                    .sum()
            })
            .collect()
    }

    /// Σ_i c_i z_i a_iᵀ, transposed (p rows of length d).
    fn gather(&self, c: impl Fn(usize) -> f64, out: &mut [f64]) {
        out.fill(0.0);
        let d = self.d;
        for i in 0..self.n {
            let (z, ci) = (self.z_row(i), c(i));
            for (k, ak) in self.a_row(i).iter().enumerate() {
                axpy_f32(ci * ak, z, &mut out[k * d..(k + 1) * d]);
            }
        }
    }

    /// The normal operator applied to Θ: Σ_i z_i (z_iᵀ Θ a_i) a_iᵀ (Θᵀ layout).
    fn apply(&self, theta_t: &[f64], out: &mut [f64]) {
        out.fill(0.0);
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2 (checked just above).
                unsafe { apply_rows_avx2(self, theta_t, out) };
                return;
            }
        }
        apply_rows(self, theta_t, out, dot);
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
    let mut b = vec![0.0; len];
    ds.gather(|i| y[i], &mut b);
    let b_norm = dot64(&b, &b).sqrt();
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
    let mut rz = dot64(&r, &zr);
    let mut ad = vec![0.0; len];
    let max_iter = 20 * len + 100;
    for it in 1..=max_iter {
        ds.apply(&dir, &mut ad);
        let alpha = rz / dot64(&dir, &ad);
        axpy(alpha, &dir, &mut x);
        axpy(-alpha, &ad, &mut r);
        let res = dot64(&r, &r).sqrt() / b_norm;
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
        let rz_new = dot64(&r, &zr);
        let beta = rz_new / rz;
        rz = rz_new;
        for (di, zi) in dir.iter_mut().zip(&zr) {
            *di = zi + beta * *di;
        }
    }
    Err(FitError::NoConvergence {
        iterations: max_iter,
        residual: dot64(&r, &r).sqrt() / b_norm,
    })
}

fn fit_dense(ds: &Design, y: &[f64]) -> Result<Fit, FitError> {
    let (n, d, p) = (ds.n, ds.d, ds.p);
    let z = DMatrix::from_row_iterator(n, d, ds.z.iter().map(|v| f64::from(*v)));
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
    ds.gather(|i| y[i], &mut b);
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
