//! The `.npy` format: writing NPY 1.0 (2.0 when the header would not fit) and reading
//! NPY 1.0/2.0/3.0 with little- or big-endian numeric and bool dtypes, C or Fortran
//! order. Fortran-order files are returned in C order.

use std::io::{self, Read, Write};
use std::path::Path;

use super::array::{Dtype, NpyArray, NpyData, with_vec};
use super::atomic::write_atomically;
use super::error::NpyError;

/// The six magic bytes every NPY file starts with.
pub const NPY_MAGIC: &[u8; 6] = b"\x93NUMPY";

/// Elements converted per chunk while writing, to keep memory use small.
const WRITE_CHUNK: usize = 8192;

impl NpyArray {
    /// Writes the array in NPY format (version 1.0 unless the header needs 2.0) to `w`.
    ///
    /// # Errors
    ///
    /// Fails on an inconsistent shape, or an I/O error of `w`.
    pub fn write_npy<W: Write>(&self, w: &mut W) -> Result<(), NpyError> {
        let header = self.npy_header()?;
        w.write_all(&header).map_err(NpyError::io)?;
        write_data(&self.data, w).map_err(NpyError::io)
    }

    /// The array as the bytes of an `.npy` file.
    ///
    /// # Errors
    ///
    /// Fails on an inconsistent shape.
    pub fn to_npy_bytes(&self) -> Result<Vec<u8>, NpyError> {
        let mut out = Vec::with_capacity(self.npy_size()?.try_into().unwrap_or(0));
        self.write_npy(&mut out)?;
        Ok(out)
    }

    /// Reads one NPY array from `r`, consuming exactly the header and the data bytes.
    ///
    /// # Errors
    ///
    /// Fails on bad magic, an unsupported version or dtype, a malformed header, truncated
    /// input, or an I/O error of `r`.
    pub fn read_npy<R: Read>(r: &mut R) -> Result<NpyArray, NpyError> {
        read_npy(r)
    }

    /// Parses the bytes of an `.npy` file (trailing bytes are ignored, as NumPy does).
    ///
    /// # Errors
    ///
    /// Fails as [`NpyArray::read_npy`] does.
    pub fn from_npy_bytes(mut bytes: &[u8]) -> Result<NpyArray, NpyError> {
        read_npy(&mut bytes)
    }

    /// Total size in bytes of the array written as `.npy`.
    pub(crate) fn npy_size(&self) -> Result<u64, NpyError> {
        let data = (self.data.len() as u64)
            .checked_mul(self.dtype().item_size() as u64)
            .ok_or_else(|| NpyError::TooLarge {
                shape: self.shape.clone(),
            })?;
        Ok(self.npy_header()?.len() as u64 + data)
    }

    /// Magic, version, header length and the padded header dictionary.
    fn npy_header(&self) -> Result<Vec<u8>, NpyError> {
        self.check_shape()?;
        let shape = match self.shape.as_slice() {
            [] => "()".to_owned(),
            [n] => format!("({n},)"),
            dims => {
                let parts: Vec<String> = dims.iter().map(usize::to_string).collect();
                format!("({})", parts.join(", "))
            }
        };
        let dict = format!(
            "{{'descr': '{}', 'fortran_order': False, 'shape': {shape}, }}",
            self.dtype().descr()
        );
        // The whole preamble (magic, version, length field, dict, padding, '\n') is a
        // multiple of 64 bytes, as NumPy writes it.
        let too_large = || NpyError::TooLarge {
            shape: self.shape.clone(),
        };
        let padded_len = |prefix: usize| {
            let unpadded = prefix + dict.len() + 1;
            dict.len() + 1 + (64 - unpadded % 64) % 64
        };
        let v1_len = padded_len(10);
        let mut out = Vec::with_capacity(v1_len + 12);
        out.extend_from_slice(NPY_MAGIC);
        if let Ok(len) = u16::try_from(v1_len) {
            out.extend_from_slice(&[1, 0]);
            out.extend_from_slice(&len.to_le_bytes());
        } else {
            let len = u32::try_from(padded_len(12)).map_err(|_| too_large())?;
            out.extend_from_slice(&[2, 0]);
            out.extend_from_slice(&len.to_le_bytes());
        }
        let prefix_len = out.len();
        out.extend_from_slice(dict.as_bytes());
        let total = prefix_len + dict.len() + 1;
        out.resize(total.next_multiple_of(64) - 1, b' ');
        out.push(b'\n');
        Ok(out)
    }
}

/// Writes the elements little-endian, a chunk at a time.
fn write_data<W: Write>(data: &NpyData, w: &mut W) -> io::Result<()> {
    let mut buf = Vec::with_capacity(WRITE_CHUNK * 8);
    macro_rules! chunks {
        ($v:expr, $x:ident => $bytes:expr) => {
            for chunk in $v.chunks(WRITE_CHUNK) {
                buf.clear();
                for &$x in chunk {
                    buf.extend_from_slice(&$bytes);
                }
                w.write_all(&buf)?;
            }
        };
    }
    match data {
        NpyData::Bool(v) => chunks!(v, x => [u8::from(x)]),
        NpyData::I8(v) => chunks!(v, x => x.to_le_bytes()),
        NpyData::I16(v) => chunks!(v, x => x.to_le_bytes()),
        NpyData::I32(v) => chunks!(v, x => x.to_le_bytes()),
        NpyData::I64(v) => chunks!(v, x => x.to_le_bytes()),
        NpyData::U8(v) => w.write_all(v)?,
        NpyData::U16(v) => chunks!(v, x => x.to_le_bytes()),
        NpyData::U32(v) => chunks!(v, x => x.to_le_bytes()),
        NpyData::U64(v) => chunks!(v, x => x.to_le_bytes()),
        NpyData::F32(v) => chunks!(v, x => x.to_le_bytes()),
        NpyData::F64(v) => chunks!(v, x => x.to_le_bytes()),
    }
    Ok(())
}

/// Writes `array` to the `.npy` file `path`, through a temporary file in the same
/// directory that is renamed into place once complete.
///
/// # Errors
///
/// Fails on an inconsistent shape, or an I/O error naming the file.
pub fn write_npy_file(path: impl AsRef<Path>, array: &NpyArray) -> Result<(), NpyError> {
    let path = path.as_ref();
    array.check_shape().map_err(|e| e.at(Some(path), None))?;
    write_atomically(path, |file| {
        let mut w = io::BufWriter::new(file);
        array.write_npy(&mut w)?;
        w.flush().map_err(NpyError::io)
    })
}

/// Reads the `.npy` file `path`.
///
/// # Errors
///
/// Fails as [`NpyArray::read_npy`] does (the error names `path`), or on an I/O error.
pub fn read_npy_file(path: impl AsRef<Path>) -> Result<NpyArray, NpyError> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| NpyError::io_at(path, e))?;
    read_npy(&mut io::BufReader::new(file)).map_err(|e| e.at(Some(path), None))
}

/// Reads up to `buf.len()` bytes; returns how many were read (fewer only at EOF).
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> Result<usize, NpyError> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(NpyError::io(e)),
        }
    }
    Ok(n)
}

/// Reads exactly `buf.len()` bytes or reports which part was truncated.
fn read_part<R: Read>(r: &mut R, buf: &mut [u8], what: &'static str) -> Result<(), NpyError> {
    let n = read_full(r, buf)?;
    if n < buf.len() {
        return Err(NpyError::Truncated {
            what,
            expected: buf.len() as u64,
            found: n as u64,
        });
    }
    Ok(())
}

/// Reads `len` bytes without trusting `len` for the allocation.
fn read_vec<R: Read>(r: &mut R, len: u64, what: &'static str) -> Result<Vec<u8>, NpyError> {
    let mut out = Vec::with_capacity(len.min(1 << 20) as usize);
    r.take(len).read_to_end(&mut out).map_err(NpyError::io)?;
    if (out.len() as u64) < len {
        return Err(NpyError::Truncated {
            what,
            expected: len,
            found: out.len() as u64,
        });
    }
    Ok(out)
}

/// Reads one NPY array from `r`.
pub(crate) fn read_npy<R: Read>(r: &mut R) -> Result<NpyArray, NpyError> {
    let mut magic = [0u8; 6];
    let n = read_full(r, &mut magic)?;
    if magic[..n] != NPY_MAGIC[..n] || n == 0 {
        return Err(NpyError::BadMagic {
            found: magic[..n].to_vec(),
        });
    }
    if n < magic.len() {
        return Err(NpyError::Truncated {
            what: "magic",
            expected: 6,
            found: n as u64,
        });
    }
    let mut version = [0u8; 2];
    read_part(r, &mut version, "version")?;
    let header_len = match version {
        [1, 0] => {
            let mut b = [0u8; 2];
            read_part(r, &mut b, "header length")?;
            u64::from(u16::from_le_bytes(b))
        }
        [2 | 3, 0] => {
            let mut b = [0u8; 4];
            read_part(r, &mut b, "header length")?;
            u64::from(u32::from_le_bytes(b))
        }
        [major, minor] => return Err(NpyError::UnsupportedVersion { major, minor }),
    };
    let raw = read_vec(r, header_len, "header")?;
    let text: String = if version[0] == 3 {
        String::from_utf8(raw).map_err(|_| NpyError::BadHeader {
            reason: "header is not valid UTF-8".to_owned(),
        })?
    } else {
        raw.iter().map(|&b| char::from(b)).collect() // latin-1
    };
    let header = header::parse(&text)?;
    let (dtype, big_endian) = Dtype::parse_descr(&header.descr)?;
    let count = NpyArray::element_count(&header.shape).ok_or_else(|| NpyError::TooLarge {
        shape: header.shape.clone(),
    })?;
    let nbytes = count
        .checked_mul(dtype.item_size())
        .ok_or_else(|| NpyError::TooLarge {
            shape: header.shape.clone(),
        })?;
    let bytes = read_vec(r, nbytes as u64, "data")?;
    let mut data = decode(dtype, big_endian, &bytes);
    if header.fortran_order && header.shape.len() > 1 {
        data = fortran_to_c(&data, &header.shape);
    }
    Ok(NpyArray {
        shape: header.shape,
        data,
    })
}

/// Decodes raw element bytes.
fn decode(dtype: Dtype, big: bool, bytes: &[u8]) -> NpyData {
    macro_rules! num {
        ($t:ty, $variant:ident) => {{
            const N: usize = std::mem::size_of::<$t>();
            NpyData::$variant(
                bytes
                    .chunks_exact(N)
                    .map(|c| {
                        let mut a = [0u8; N];
                        a.copy_from_slice(c);
                        if big {
                            <$t>::from_be_bytes(a)
                        } else {
                            <$t>::from_le_bytes(a)
                        }
                    })
                    .collect(),
            )
        }};
    }
    match dtype {
        Dtype::Bool => NpyData::Bool(bytes.iter().map(|&b| b != 0).collect()),
        Dtype::I8 => NpyData::I8(bytes.iter().map(|&b| i8::from_le_bytes([b])).collect()),
        Dtype::U8 => NpyData::U8(bytes.to_vec()),
        Dtype::I16 => num!(i16, I16),
        Dtype::I32 => num!(i32, I32),
        Dtype::I64 => num!(i64, I64),
        Dtype::U16 => num!(u16, U16),
        Dtype::U32 => num!(u32, U32),
        Dtype::U64 => num!(u64, U64),
        Dtype::F32 => num!(f32, F32),
        Dtype::F64 => num!(f64, F64),
    }
}

/// Reorders column-major (Fortran) data of `shape` into row-major (C) order.
fn fortran_to_c(data: &NpyData, shape: &[usize]) -> NpyData {
    // F-order strides (in elements).
    let mut strides = vec![1usize; shape.len()];
    for d in 1..shape.len() {
        strides[d] = strides[d - 1] * shape[d - 1];
    }
    let n = data.len();
    let mut index = vec![0usize; shape.len()];
    let mut order = Vec::with_capacity(n);
    for _ in 0..n {
        order.push(
            index
                .iter()
                .zip(&strides)
                .map(|(i, s)| i * s)
                .sum::<usize>(),
        );
        // Advance the C-order multi-index (last dimension fastest).
        for d in (0..shape.len()).rev() {
            index[d] += 1;
            if index[d] < shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    macro_rules! permute {
        ($v:expr) => {
            order.iter().map(|&k| $v[k]).collect::<Vec<_>>().into()
        };
    }
    with_vec!(data, v => permute!(v))
}

/// Parsing of the header dictionary (a Python literal).
mod header {
    use super::NpyError;

    /// The three keys of an NPY header.
    pub(super) struct Header {
        pub(super) descr: String,
        pub(super) fortran_order: bool,
        pub(super) shape: Vec<usize>,
    }

    /// A Python literal value, as far as NPY headers use them.
    enum Value {
        Str(String),
        Bool(bool),
        Int(u128),
        NegInt,
        Seq(Vec<Value>),
        Other,
    }

    fn bad(reason: impl Into<String>) -> NpyError {
        NpyError::BadHeader {
            reason: reason.into(),
        }
    }

    struct Parser<'a> {
        s: &'a [u8],
        text: &'a str,
        pos: usize,
    }

    impl Parser<'_> {
        fn skip_ws(&mut self) {
            while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
        }

        fn peek(&mut self) -> Option<u8> {
            self.skip_ws();
            self.s.get(self.pos).copied()
        }

        fn expect(&mut self, c: u8) -> Result<(), NpyError> {
            if self.peek() == Some(c) {
                self.pos += 1;
                Ok(())
            } else {
                Err(bad(format!(
                    "expected '{}' at byte {} of {:?}",
                    char::from(c),
                    self.pos,
                    self.text
                )))
            }
        }

        /// Parses one value; returns it with its source text.
        fn value(&mut self, depth: usize) -> Result<(Value, String), NpyError> {
            if depth > 32 {
                return Err(bad("nesting too deep"));
            }
            let start = {
                self.skip_ws();
                self.pos
            };
            let v = match self.peek() {
                Some(q @ (b'\'' | b'"')) => {
                    self.pos += 1;
                    let begin = self.pos;
                    while self.pos < self.s.len() && self.s[self.pos] != q {
                        if self.s[self.pos] == b'\\' {
                            self.pos += 1;
                        }
                        self.pos += 1;
                    }
                    if self.pos >= self.s.len() {
                        return Err(bad("unterminated string"));
                    }
                    let str_val = self.text[begin..self.pos].to_owned();
                    self.pos += 1;
                    Value::Str(str_val)
                }
                Some(open @ (b'(' | b'[')) => {
                    let close = if open == b'(' { b')' } else { b']' };
                    self.pos += 1;
                    let mut items = Vec::new();
                    loop {
                        if self.peek() == Some(close) {
                            self.pos += 1;
                            break;
                        }
                        items.push(self.value(depth + 1)?.0);
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(c) if c == close => {}
                            _ => return Err(bad(format!("bad sequence in {:?}", self.text))),
                        }
                    }
                    Value::Seq(items)
                }
                Some(b'{') => {
                    self.skip_balanced(b'{', b'}')?;
                    Value::Other
                }
                Some(b'-') => {
                    self.pos += 1;
                    self.word();
                    Value::NegInt
                }
                Some(c) if c.is_ascii_digit() => {
                    let w = self.word();
                    let digits = w.strip_suffix(['L', 'l']).unwrap_or(w);
                    Value::Int(
                        digits
                            .parse()
                            .map_err(|_| bad(format!("bad integer {w:?}")))?,
                    )
                }
                Some(c) if c.is_ascii_alphabetic() || c == b'_' => match self.word() {
                    "True" => Value::Bool(true),
                    "False" => Value::Bool(false),
                    _ => Value::Other,
                },
                _ => {
                    return Err(bad(format!(
                        "unexpected character at byte {} of {:?}",
                        self.pos, self.text
                    )));
                }
            };
            Ok((v, self.text[start..self.pos].to_owned()))
        }

        fn word(&mut self) -> &str {
            let begin = self.pos;
            while self.pos < self.s.len()
                && (self.s[self.pos].is_ascii_alphanumeric() || self.s[self.pos] == b'_')
            {
                self.pos += 1;
            }
            &self.text[begin..self.pos]
        }

        fn skip_balanced(&mut self, open: u8, close: u8) -> Result<(), NpyError> {
            let mut level = 0usize;
            while self.pos < self.s.len() {
                let c = self.s[self.pos];
                self.pos += 1;
                if c == open {
                    level += 1;
                } else if c == close {
                    level -= 1;
                    if level == 0 {
                        return Ok(());
                    }
                }
            }
            Err(bad("unbalanced braces"))
        }
    }

    /// Parses `{'descr': ..., 'fortran_order': ..., 'shape': (...), }`.
    pub(super) fn parse(text: &str) -> Result<Header, NpyError> {
        let mut p = Parser {
            s: text.as_bytes(),
            text,
            pos: 0,
        };
        let (mut descr, mut fortran, mut shape) = (None, None, None);
        p.expect(b'{')?;
        loop {
            if p.peek() == Some(b'}') {
                p.pos += 1;
                if p.peek().is_some() {
                    return Err(bad(format!("characters after the dictionary in {text:?}")));
                }
                break;
            }
            let key = match p.value(0)?.0 {
                Value::Str(k) => k,
                _ => return Err(bad(format!("dictionary key is not a string in {text:?}"))),
            };
            p.expect(b':')?;
            let (value, source) = p.value(0)?;
            match key.as_str() {
                "descr" => {
                    descr = Some(match value {
                        Value::Str(s) => s,
                        _ => return Err(NpyError::UnsupportedDtype { descr: source }),
                    })
                }
                "fortran_order" => {
                    fortran = Some(match value {
                        Value::Bool(b) => b,
                        _ => return Err(bad(format!("'fortran_order' is not a bool: {source}"))),
                    })
                }
                "shape" => {
                    let Value::Seq(items) = value else {
                        return Err(bad(format!("'shape' is not a tuple: {source}")));
                    };
                    let dims = items
                        .iter()
                        .map(|v| match v {
                            Value::Int(n) => usize::try_from(*n).ok(),
                            _ => None,
                        })
                        .collect::<Option<Vec<usize>>>()
                        .ok_or_else(|| {
                            bad(format!(
                                "'shape' is not a tuple of non-negative integers: {source}"
                            ))
                        })?;
                    shape = Some(dims);
                }
                _ => {} // unknown keys are ignored
            }
            match p.peek() {
                Some(b',') => p.pos += 1,
                Some(b'}') => {}
                _ => return Err(bad(format!("expected ',' or '}}' in {text:?}"))),
            }
        }
        let missing = |k: &str| bad(format!("missing key '{k}' in {text:?}"));
        Ok(Header {
            descr: descr.ok_or_else(|| missing("descr"))?,
            fortran_order: fortran.ok_or_else(|| missing("fortran_order"))?,
            shape: shape.ok_or_else(|| missing("shape"))?,
        })
    }
}
