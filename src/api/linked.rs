//! Linked variables (Brian2's `linked_var`): a parameter declared with the flag
//! `(linked)` that reads a variable of another group instead of storing values.

use crate::api::{GroupId, Neurons};
use crate::error::{Error, Result};
use crate::runtime::network::Network;
use crate::runtime::objects::{Link, LinkIndex};
use crate::units::DimensionMismatch;

impl Network {
    /// Link variable `var` of group `g` (declared `var : unit (linked)`) to variable
    /// `source_var` of group `source`: neuron `i` reads element `index[i]` of it, or
    /// without `index` its own element (groups of the same size) or element 0 (a source
    /// of one neuron, or a shared variable). The units must be the same. The source can
    /// be a subgroup (`g.slice(4, 10)`): `index` and the neuron's own index are then
    /// relative to it.
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// let mut net = Network::new();
    /// let g = net.add(NeuronGroup::new(3, "dv/dt = -v/(10*ms) : volt")?)?;
    /// let h = net.add(NeuronGroup::new(3, "v_copy : volt (linked)")?)?;
    /// net.link_variable(h, "v_copy", g, "v", Some(&[2, 1, 0]))?;
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn link_variable(
        &mut self,
        g: GroupId,
        var: &str,
        source: impl Into<Neurons>,
        source_var: &str,
        index: Option<&[u32]>,
    ) -> Result<()> {
        let sub = source.into();
        let (source, start, stop) = self.neuron_range(sub)?;
        let id = self.var_of(g, var)?;
        let source_id = self.var_of(source, source_var)?;
        let target = &self.groups[g.0];
        let from = &self.groups[source.0];
        let v = target.def.var(id);
        if !v.flags.linked {
            return Err(Error::InvalidArgument(format!(
                "cannot link variable '{var}' of '{}': it is not declared with the flag (linked)",
                target.name
            )));
        }
        let s = from.def.var(source_id);
        if v.dim != s.dim {
            return Err(Error::Dimension(DimensionMismatch::new(
                format!(
                    "cannot link variable '{var}' (unit {}) to '{source_var}' of '{}' (unit {})",
                    v.dim, from.name, s.dim
                ),
                vec![v.dim, s.dim],
            )));
        }
        if !from.is_stored(source_id) {
            return Err(Error::InvalidArgument(format!(
                "cannot link variable '{var}' to '{source_var}' of '{}': only stored variables can be linked",
                from.name
            )));
        }
        let (n, n_source) = (target.n(), stop - start);
        let whole = (start, stop) == (0, from.n());
        let source_name = if whole {
            format!("'{}'", from.name)
        } else {
            format!("subgroup {start}:{stop} of '{}'", from.name)
        };
        let index = match index {
            Some(ix) => {
                if ix.len() != n {
                    return Err(Error::InvalidArgument(format!(
                        "the index of linked variable '{var}' has {} entries, but '{}' has {n} neurons",
                        ix.len(),
                        target.name
                    )));
                }
                if let Some(bad) = ix.iter().find(|&&k| k as usize >= n_source) {
                    return Err(Error::InvalidArgument(format!(
                        "index {bad} of linked variable '{var}' is out of range for {source_name} of {n_source} neurons"
                    )));
                }
                LinkIndex::Via(ix.iter().map(|&k| k + start as u32).collect())
            }
            None if s.flags.shared => LinkIndex::Zero,
            None if n_source == 1 && whole => LinkIndex::Zero,
            None if n_source == n && whole => LinkIndex::Same,
            None if n_source == 1 => LinkIndex::Via(vec![start as u32; n]),
            None if n_source == n => LinkIndex::Via((start as u32..stop as u32).collect()),
            None => {
                return Err(Error::InvalidArgument(format!(
                    "cannot link variable '{var}' of '{}' ({n} neurons) to '{source_var}' of {source_name} ({n_source} neurons) without an index",
                    target.name
                )));
            }
        };
        let link = Link {
            group: source.0,
            var: source_id,
            index,
        };
        let links = &mut self.groups[g.0].links;
        links.retain(|(w, _)| *w != id);
        links.push((id, link));
        Ok(())
    }
}
