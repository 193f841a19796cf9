//! In-memory arrays as stored in `.npy` files: [`NpyArray`] (shape + C-order data),
//! its element storage [`NpyData`] and the element type [`Dtype`] with its NPY
//! `descr` spelling.

use super::error::NpyError;

/// Element type of an NPY array (the dtypes this crate reads and writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dtype {
    /// `|b1`, NumPy `bool`.
    Bool,
    /// `|i1`.
    I8,
    /// `<i2`.
    I16,
    /// `<i4`.
    I32,
    /// `<i8`.
    I64,
    /// `|u1`.
    U8,
    /// `<u2`.
    U16,
    /// `<u4`.
    U32,
    /// `<u8`.
    U64,
    /// `<f4`.
    F32,
    /// `<f8`.
    F64,
}

impl Dtype {
    /// Size of one element in bytes.
    pub fn item_size(self) -> usize {
        match self {
            Dtype::Bool | Dtype::I8 | Dtype::U8 => 1,
            Dtype::I16 | Dtype::U16 => 2,
            Dtype::I32 | Dtype::U32 | Dtype::F32 => 4,
            Dtype::I64 | Dtype::U64 | Dtype::F64 => 8,
        }
    }

    /// The little-endian `descr` NumPy writes for this type (`"<f8"`, `"|b1"`, ...).
    pub fn descr(self) -> &'static str {
        match self {
            Dtype::Bool => "|b1",
            Dtype::I8 => "|i1",
            Dtype::I16 => "<i2",
            Dtype::I32 => "<i4",
            Dtype::I64 => "<i8",
            Dtype::U8 => "|u1",
            Dtype::U16 => "<u2",
            Dtype::U32 => "<u4",
            Dtype::U64 => "<u8",
            Dtype::F32 => "<f4",
            Dtype::F64 => "<f8",
        }
    }

    /// Parses a `descr` string such as `"<f8"`, `">i4"`, `"|b1"` or `"f8"` (native
    /// order). Returns the type and whether the stored bytes are big-endian.
    pub(crate) fn parse_descr(descr: &str) -> Result<(Dtype, bool), NpyError> {
        let unsupported = || NpyError::UnsupportedDtype {
            descr: format!("'{descr}'"),
        };
        let native_big = cfg!(target_endian = "big");
        let (big, rest) = match descr.as_bytes().first() {
            Some(b'<') => (false, &descr[1..]),
            Some(b'>') => (true, &descr[1..]),
            Some(b'|' | b'=') => (native_big, &descr[1..]),
            _ => (native_big, descr),
        };
        let dtype = match rest {
            "b1" | "?" => Dtype::Bool,
            "i1" => Dtype::I8,
            "i2" => Dtype::I16,
            "i4" => Dtype::I32,
            "i8" => Dtype::I64,
            "u1" => Dtype::U8,
            "u2" => Dtype::U16,
            "u4" => Dtype::U32,
            "u8" => Dtype::U64,
            "f4" => Dtype::F32,
            "f8" => Dtype::F64,
            _ => return Err(unsupported()),
        };
        Ok((dtype, big))
    }
}

/// The elements of an array, in C (row-major) order, one variant per [`Dtype`].
#[derive(Debug, Clone, PartialEq)]
pub enum NpyData {
    /// `|b1`.
    Bool(Vec<bool>),
    /// `|i1`.
    I8(Vec<i8>),
    /// `<i2`.
    I16(Vec<i16>),
    /// `<i4`.
    I32(Vec<i32>),
    /// `<i8`.
    I64(Vec<i64>),
    /// `|u1`.
    U8(Vec<u8>),
    /// `<u2`.
    U16(Vec<u16>),
    /// `<u4`.
    U32(Vec<u32>),
    /// `<u8`.
    U64(Vec<u64>),
    /// `<f4`.
    F32(Vec<f32>),
    /// `<f8`.
    F64(Vec<f64>),
}

/// Applies `$body` to the vector inside any [`NpyData`] variant.
macro_rules! with_vec {
    ($data:expr, $v:ident => $body:expr) => {
        match $data {
            NpyData::Bool($v) => $body,
            NpyData::I8($v) => $body,
            NpyData::I16($v) => $body,
            NpyData::I32($v) => $body,
            NpyData::I64($v) => $body,
            NpyData::U8($v) => $body,
            NpyData::U16($v) => $body,
            NpyData::U32($v) => $body,
            NpyData::U64($v) => $body,
            NpyData::F32($v) => $body,
            NpyData::F64($v) => $body,
        }
    };
}
pub(crate) use with_vec;

impl NpyData {
    /// Number of elements.
    pub fn len(&self) -> usize {
        with_vec!(self, v => v.len())
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element type.
    pub fn dtype(&self) -> Dtype {
        match self {
            NpyData::Bool(_) => Dtype::Bool,
            NpyData::I8(_) => Dtype::I8,
            NpyData::I16(_) => Dtype::I16,
            NpyData::I32(_) => Dtype::I32,
            NpyData::I64(_) => Dtype::I64,
            NpyData::U8(_) => Dtype::U8,
            NpyData::U16(_) => Dtype::U16,
            NpyData::U32(_) => Dtype::U32,
            NpyData::U64(_) => Dtype::U64,
            NpyData::F32(_) => Dtype::F32,
            NpyData::F64(_) => Dtype::F64,
        }
    }

    /// All elements converted to `f64` as NumPy's `astype(float)` does (`true` is 1.0;
    /// 64-bit integers beyond 2^53 are rounded to the nearest float).
    pub fn to_f64_vec(&self) -> Vec<f64> {
        match self {
            NpyData::Bool(v) => v.iter().map(|&x| f64::from(u8::from(x))).collect(),
            NpyData::I8(v) => v.iter().map(|&x| f64::from(x)).collect(),
            NpyData::I16(v) => v.iter().map(|&x| f64::from(x)).collect(),
            NpyData::I32(v) => v.iter().map(|&x| f64::from(x)).collect(),
            NpyData::I64(v) => v.iter().map(|&x| x as f64).collect(),
            NpyData::U8(v) => v.iter().map(|&x| f64::from(x)).collect(),
            NpyData::U16(v) => v.iter().map(|&x| f64::from(x)).collect(),
            NpyData::U32(v) => v.iter().map(|&x| f64::from(x)).collect(),
            NpyData::U64(v) => v.iter().map(|&x| x as f64).collect(),
            NpyData::F32(v) => v.iter().map(|&x| f64::from(x)).collect(),
            NpyData::F64(v) => v.clone(),
        }
    }
}

macro_rules! impl_from_vec {
    ($($t:ty => $variant:ident),* $(,)?) => {$(
        impl From<Vec<$t>> for NpyData {
            fn from(v: Vec<$t>) -> Self {
                NpyData::$variant(v)
            }
        }
    )*};
}
impl_from_vec!(bool => Bool, i8 => I8, i16 => I16, i32 => I32, i64 => I64, u8 => U8,
    u16 => U16, u32 => U32, u64 => U64, f32 => F32, f64 => F64);

/// An n-dimensional array: its `shape` and its elements in C (row-major) order.
///
/// The fields are public; [`NpyArray::new`] checks that the shape's product equals the
/// number of elements, and the writers check it again.
#[derive(Debug, Clone, PartialEq)]
pub struct NpyArray {
    /// Extent of each dimension (empty for a 0-d scalar array).
    pub shape: Vec<usize>,
    /// The elements in C order.
    pub data: NpyData,
}

impl NpyArray {
    /// An array of the given shape; fails if the shape's product is not `data.len()`.
    ///
    /// # Errors
    ///
    /// Fails on a shape whose product is not `data.len()` ([`NpyError::ShapeMismatch`], or
    /// [`NpyError::TooLarge`] on overflow).
    pub fn new(shape: Vec<usize>, data: impl Into<NpyData>) -> Result<Self, NpyError> {
        let array = NpyArray {
            shape,
            data: data.into(),
        };
        array.check_shape()?;
        Ok(array)
    }

    /// A 1-D array holding `data`.
    pub fn from_vec(data: impl Into<NpyData>) -> Self {
        let data = data.into();
        NpyArray {
            shape: vec![data.len()],
            data,
        }
    }

    /// A 2-D `rows` x `cols` array from row-major `data`.
    ///
    /// # Errors
    ///
    /// Fails on `data.len() != rows * cols`.
    pub fn matrix(rows: usize, cols: usize, data: impl Into<NpyData>) -> Result<Self, NpyError> {
        NpyArray::new(vec![rows, cols], data)
    }

    /// A 0-d array holding one `f64` (what `np.float64(x)` saves as).
    pub fn scalar(value: f64) -> Self {
        NpyArray {
            shape: Vec::new(),
            data: NpyData::F64(vec![value]),
        }
    }

    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The element type.
    pub fn dtype(&self) -> Dtype {
        self.data.dtype()
    }

    /// All elements as `f64` in C order (see [`NpyData::to_f64_vec`]).
    pub fn to_f64_vec(&self) -> Vec<f64> {
        self.data.to_f64_vec()
    }

    /// Product of the shape, or `None` on overflow.
    pub(crate) fn element_count(shape: &[usize]) -> Option<usize> {
        shape.iter().try_fold(1usize, |acc, &n| acc.checked_mul(n))
    }

    /// Checks that the shape matches the number of elements.
    pub(crate) fn check_shape(&self) -> Result<(), NpyError> {
        let expected = NpyArray::element_count(&self.shape).ok_or_else(|| NpyError::TooLarge {
            shape: self.shape.clone(),
        })?;
        if expected == self.data.len() {
            Ok(())
        } else {
            Err(NpyError::ShapeMismatch {
                shape: self.shape.clone(),
                expected,
                len: self.data.len(),
            })
        }
    }
}
