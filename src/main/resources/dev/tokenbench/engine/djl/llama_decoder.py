# The LLaMA decoder's forward pass as TorchScript source, compiled by libtorch when djl-pytorch opens a model
# (TorchScriptLlama packs it into a TorchScript archive). One call runs a whole forward pass in C++: the same
# computation as LlamaModel's op-by-op path through DJL, without a JNI call and a Java NDArray per op, and with
# fewer ops (the residual adds fused into the o and down projections, SiLU as one op, attention as PyTorch's fused
# CPU attention, scaled_dot_product_attention, over views of the cache, or for one row's decode step as elementwise
# products and sums over all heads at once).
#
# Layout: activations are [tokens, features], one row per token, tokens ordered by row (sequence) then position.
# Every projection is linear(): oneDNN's inner product (mkldnn::_linear_pointwise) on a weight that pack() reordered
# once, when the model was opened, into the blocked layout oneDNN's kernels read; measured on these CPUs (AVX2), a
# step's products take 1.35 to 1.85 times less time than through PyTorch's mm on the same [out, in] matrices (README,
# "Limits and calibration").
# The module has no parameters: weights, KV cache and rotary tables are arguments (lists built once and reused).
#
# weights: embedding [vocab, dim] (dense, for the lookup), finalNorm [1, dim], then packed: output [vocab, dim],
#          per layer qkv [dim + 2 kvDim, dim], o [dim, dim], gateUp [2 ffn, dim], down [dim, ffn]
#          (RMSNorm weights times sqrt(dim) folded into the columns of the projection after each norm,
#          1/sqrt(headDim) into the query rows)
# keys, values: per layer [batch, kvHeads, capacity, headDim] (positions-first: the fused attention reads the last
#          axis contiguous)
# rope:    cos and signedSin [positions, headDim] (signedSin is -sin on the first half, +sin on the second)
# shape:   heads, kvHeads, headDim, ffn
# dimTimesEps: [1], hidden size times rms_norm_eps
# tokenIds: [rows * seq], row-major; starts: per row, the position of its first token
# returns the logits of each row's last token, [rows, vocab]
class LlamaDecoder(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.LlamaDecoder,
      weights: List[Tensor],
      keys: List[Tensor],
      values: List[Tensor],
      rope: List[Tensor],
      shape: List[int],
      dimTimesEps: Tensor,
      tokenIds: Tensor,
      seq: int,
      firstRow: int,
      starts: List[int]) -> Tensor:
    heads = shape[0]
    kvHeads = shape[1]
    headDim = shape[2]
    ffn = shape[3]
    groups = heads // kvHeads
    rows = len(starts)
    tokens = rows * seq
    dim = heads * headDim
    kvDim = kvHeads * headDim
    sameStart = True
    length = 0
    for start in starts:
      sameStart = sameStart and start == starts[0]
      length = max(length, start + seq)
    # x: [tokens, dim], the residual stream
    x = torch.index_select(weights[0], 0, tokenIds)
    # rotary factors per token: [rows or 1, seq, 1, headDim]
    if sameStart:
      cos = torch.slice(rope[0], 0, starts[0], starts[0] + seq).reshape([1, seq, 1, headDim])
      signedSin = torch.slice(rope[1], 0, starts[0], starts[0] + seq).reshape([1, seq, 1, headDim])
    else:
      positions = (torch.tensor(starts).reshape([rows, 1]) + torch.arange(seq).reshape([1, seq])).reshape([tokens])
      cos = torch.index_select(rope[0], 0, positions).reshape([rows, seq, 1, headDim])
      signedSin = torch.index_select(rope[1], 0, positions).reshape([rows, seq, 1, headDim])
    # which keys a query sees. A prompt from position 0 in rows of one length, one query per head: the causal mask
    # itself (query s sees keys 0..s), which the fused attention applies without a mask array, skipping the hidden
    # half. Otherwise a mask, [rows or 1, 1, groups * seq, length] (True up to the query's own position, and only the
    # row's own cached positions), or none when every row adds one token at the same position.
    causal = seq > 1 and sameStart and starts[0] == 0 and groups == 1
    visible : Optional[Tensor] = None
    if not causal:
      visible = self.visible_positions(starts, sameStart, seq, length, groups)
    for layer in range(len(keys)):
      # attention: x = x + o(attention(rmsNorm(x))), the residual add fused into the o projection
      qkv = self.linear(self.rms_norm(x, dimTimesEps), weights[3 + 4 * layer])
      # q and k rotated, [rows, seq, heads + kvHeads, headDim]; v [rows, seq, kvHeads, headDim] (views of qkv)
      qk = self.rotate(torch.slice(qkv, 1, 0, dim + kvDim).reshape([rows, seq, heads + kvHeads, headDim]), cos, signedSin, headDim)
      v = torch.slice(qkv, 1, dim + kvDim, dim + 2 * kvDim).reshape([rows, seq, kvHeads, headDim])
      # into the cache as keys and values [rows, kvHeads, seq, headDim]
      k = torch.slice(qk, 2, heads, heads + kvHeads).permute([0, 2, 1, 3])
      vT = v.permute([0, 2, 1, 3])
      layerKeys = torch.narrow(keys[layer], 0, firstRow, rows)
      layerValues = torch.narrow(values[layer], 0, firstRow, rows)
      if sameStart:
        torch.narrow(layerKeys, 2, starts[0], seq).copy_(k)
        torch.narrow(layerValues, 2, starts[0], seq).copy_(vT)
      else:
        for row in range(rows):
          torch.narrow(layerKeys[row], 1, starts[row], seq).copy_(k[row])
          torch.narrow(layerValues[row], 1, starts[row], seq).copy_(vT[row])
      # q: [rows, kvHeads, groups * seq, headDim], the query heads sharing a KV head as queries of that head
      q = torch.slice(qk, 2, 0, heads)
      if seq == 1:
        q = q.reshape([rows, kvHeads, groups, headDim])
      else:
        q = q.reshape([rows, seq, kvHeads, groups, headDim]).permute([0, 2, 3, 1, 4]).reshape([rows, kvHeads, groups * seq, headDim])
      # softmax(q keys^T + mask) values over the cache's first positions of these rows (views), no scale: the query rows
      # of qkv carry 1/sqrt(headDim)
      cachedKeys = torch.narrow(layerKeys, 2, 0, length)
      cachedValues = torch.narrow(layerValues, 2, 0, length)
      if seq == 1 and rows == 1:
        # one new token of one row (nothing masked): as elementwise products and sums over all heads at once, which
        # beat the fused kernel's product per head here (README, "Limits and calibration")
        scores = torch.sum(torch.mul(torch.unsqueeze(q, 3), torch.unsqueeze(cachedKeys, 2)), [4])
        context = torch.sum(torch.mul(torch.unsqueeze(torch.softmax(scores, -1), 4), torch.unsqueeze(cachedValues, 2)), [3])
      else:
        context = torch.scaled_dot_product_attention(q, cachedKeys, cachedValues, visible, 0., causal, scale=1.0)
      # [rows, kvHeads, groups * seq, headDim] -> [rows, seq, kvHeads, groups, headDim] = [tokens, dim]
      if seq == 1:
        context = context.reshape([tokens, dim])
      else:
        context = context.reshape([rows, kvHeads, groups, seq, headDim]).permute([0, 3, 1, 2, 4]).reshape([tokens, dim])
      x = self.linear_add(context, weights[4 + 4 * layer], x)
      # feed-forward: x = x + down(silu(gate(rmsNorm(x))) * up(rmsNorm(x)))
      gateAndUp = self.linear(self.rms_norm(x, dimTimesEps), weights[5 + 4 * layer])
      hidden = torch.silu(torch.slice(gateAndUp, 1, 0, ffn)).mul_(torch.slice(gateAndUp, 1, ffn, 2 * ffn))
      x = self.linear_add(hidden, weights[6 + 4 * layer], x)
    # last: [rows, dim], each row's last token
    if seq == 1:
      last = x
    else:
      last = torch.select(x.reshape([rows, seq, dim]), 1, seq - 1)
    normed = self.rms_norm(last, dimTimesEps).mul_(weights[1])
    return self.linear(normed, weights[2])

  # A projection weight [out, in] reordered into oneDNN's packed layout for linear() (a new tensor; the
  # layout oneDNN picks for its inner product on this CPU, whatever the number of tokens)
  def pack(self: __torch__.LlamaDecoder,
      weight: Tensor) -> Tensor:
    return ops.mkldnn._reorder_linear_weight(weight, None)

  # x [tokens, in] times the packed weight [out, in], transposed: [tokens, out]
  def linear(self: __torch__.LlamaDecoder,
      x: Tensor,
      packed: Tensor) -> Tensor:
    return ops.mkldnn._linear_pointwise(x, packed, None, "none", annotate(List[Optional[number]], []), "")

  # linear(x, packed) + residual, the add done by oneDNN as it writes the product (a new tensor)
  def linear_add(self: __torch__.LlamaDecoder,
      x: Tensor,
      packed: Tensor,
      residual: Tensor) -> Tensor:
    return ops.mkldnn._linear_pointwise(x, residual, packed, None, "add")

  # RMSNorm without its weight, per row: sqrt(dim) * x / sqrt(sum(x^2) + dim * eps); the weight and sqrt(dim)
  # are folded into the next projection
  def rms_norm(self: __torch__.LlamaDecoder,
      x: Tensor,
      dimTimesEps: Tensor) -> Tensor:
    sumSquares = torch.sum(torch.mul(x, x), [1], True)
    return torch.div(x, torch.sqrt(sumSquares.add_(dimTimesEps)))

  # Rotary embedding, "rotate half": x * cos + [-x2, x1] * sin = x * cos + [x2, x1] * signedSin.
  # x: [rows, seq, heads, headDim]; returns a new array
  def rotate(self: __torch__.LlamaDecoder,
      x: Tensor,
      cos: Tensor,
      signedSin: Tensor,
      headDim: int) -> Tensor:
    shape = x.size()
    swapped = x.reshape([shape[0], shape[1], shape[2], 2, headDim // 2]).flip([3]).reshape(shape)
    return torch.mul(x, cos).add_(swapped.mul_(signedSin))

  # True where query s of row r may see key position p (p <= starts[r] + s), [rows or 1, 1, groups * seq, length],
  # the queries ordered by group then position; None when everything is seen (one new token per row, rows at the same
  # position)
  def visible_positions(self: __torch__.LlamaDecoder,
      starts: List[int],
      sameStart: bool,
      seq: int,
      length: int,
      groups: int) -> Optional[Tensor]:
    if seq == 1 and sameStart:
      return None
    rows = 1 if sameStart else len(starts)
    queryPositions = torch.tensor(starts[0:rows]).reshape([rows, 1, 1, 1]) + torch.arange(seq).reshape([1, 1, seq, 1])
    visible = torch.le(torch.arange(length).reshape([1, 1, 1, length]), queryPositions)
    return visible.expand([rows, groups, seq, length]).reshape([rows, 1, groups * seq, length])
