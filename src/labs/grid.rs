//! A 2-D grid of cells over two axes of values, row-major: the Enhanced-W2S
//! (p, q) sensitivity map and the logistic lab's map over two cosines. It
//! keeps the index arithmetic (cell k is row k / |cols|, column k % |cols|)
//! in one place.

use crate::error::Error;

/// Cells over `rows × cols`, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid2<T> {
    rows: Vec<f64>,
    cols: Vec<f64>,
    cells: Vec<T>,
}

/// The (row, column) values of cell `k` of a `rows × cols` grid (a task's
/// index when a job has one task per cell), or `None` past the end.
pub fn cell_at(rows: &[f64], cols: &[f64], k: usize) -> Option<(f64, f64)> {
    let n = cols.len();
    if n == 0 {
        return None;
    }
    Some((*rows.get(k / n)?, cols[k % n]))
}

impl<T> Grid2<T> {
    /// A grid from its cells in row-major order; an error if their number is
    /// not `|rows| · |cols|`.
    pub fn new(rows: &[f64], cols: &[f64], cells: Vec<T>) -> Result<Grid2<T>, Error> {
        if cells.len() != rows.len() * cols.len() {
            return Err(Error::Request(format!(
                "expected {} × {} = {} cells, got {}",
                rows.len(),
                cols.len(),
                rows.len() * cols.len(),
                cells.len()
            )));
        }
        Ok(Grid2 {
            rows: rows.to_vec(),
            cols: cols.to_vec(),
            cells,
        })
    }

    pub fn rows(&self) -> &[f64] {
        &self.rows
    }

    pub fn cols(&self) -> &[f64] {
        &self.cols
    }

    /// Every cell, row-major.
    pub fn cells(&self) -> &[T] {
        &self.cells
    }

    /// The cell in row `i`, column `j`.
    pub fn get(&self, i: usize, j: usize) -> Option<&T> {
        if j >= self.cols.len() {
            return None;
        }
        self.cells.get(i * self.cols.len() + j)
    }

    /// The cells of row `i`.
    pub fn row(&self, i: usize) -> &[T] {
        let n = self.cols.len();
        self.cells.get(i * n..(i + 1) * n).unwrap_or_default()
    }

    /// Every cell with its row and column index, row-major.
    pub fn indexed(&self) -> impl Iterator<Item = (usize, usize, &T)> {
        let n = self.cols.len().max(1);
        self.cells
            .iter()
            .enumerate()
            .map(move |(k, c)| (k / n, k % n, c))
    }

    /// Every cell with its row and column value, row-major.
    pub fn iter(&self) -> impl Iterator<Item = (f64, f64, &T)> {
        self.indexed()
            .map(|(i, j, c)| (self.rows[i], self.cols[j], c))
    }

    /// The same grid with `f` applied to every cell.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Grid2<U> {
        Grid2 {
            rows: self.rows.clone(),
            cols: self.cols.clone(),
            cells: self.cells.iter().map(f).collect(),
        }
    }

    /// The rows in the opposite order (to draw the largest row value on top).
    pub fn flip_rows(self) -> Grid2<T> {
        let n = self.cols.len().max(1);
        let mut rows: Vec<Vec<T>> = Vec::with_capacity(self.rows.len());
        let mut cells = self.cells.into_iter();
        for _ in 0..self.rows.len() {
            rows.push(cells.by_ref().take(n).collect());
        }
        Grid2 {
            rows: self.rows.into_iter().rev().collect(),
            cols: self.cols,
            cells: rows.into_iter().rev().flatten().collect(),
        }
    }
}
