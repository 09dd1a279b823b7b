# The LLaMA decoder's forward pass as TorchScript source, compiled by libtorch when djl-pytorch opens a model
# (TorchScriptLlama packs it into a TorchScript archive). One call runs a whole forward pass in C++: the same
# computation as LlamaModel's op-by-op path through DJL, without a JNI call and a Java NDArray per op, and with
# fewer ops (the residual adds fused into the products with addmm_, SiLU as one op, attention as batched products
# over views of the cache).
#
# Layout (as LlamaModel): activations are transposed, [features, tokens], one column per token, tokens ordered by
# row (sequence) then position; every projection is torch.mm(w, x) with w in its checkpoint layout [out, in].
# The module has no parameters: weights, KV cache and rotary tables are arguments (lists built once and reused).
#
# weights: embedding [vocab, dim], finalNorm [dim, 1], output [vocab, dim], then per layer
#          qkv [dim + 2 kvDim, dim], o [dim, dim], gateUp [2 ffn, dim], down [dim, ffn]
#          (RMSNorm weights times sqrt(dim) folded into the columns of the projection after each norm,
#          1/sqrt(headDim) into the query rows)
# keys:    per layer [batch, kvHeads, headDim, capacity]; values: per layer [batch, kvHeads, capacity, headDim]
# rope:    cos and signedSin [headDim, positions] (signedSin is -sin on the first half, +sin on the second)
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
    sameStart = True
    length = 0
    for start in starts:
      sameStart = sameStart and start == starts[0]
      length = max(length, start + seq)
    # x: [dim, tokens], the residual stream
    x = torch.index_select(weights[0], 0, tokenIds).t().contiguous()
    # rotary factors per token: [headDim, rows or 1, seq]
    if sameStart:
      cos = torch.slice(rope[0], 1, starts[0], starts[0] + seq).reshape([headDim, 1, seq])
      signedSin = torch.slice(rope[1], 1, starts[0], starts[0] + seq).reshape([headDim, 1, seq])
    else:
      positions = torch.tensor(starts).reshape([rows, 1]) + torch.arange(seq).reshape([1, seq])
      cos = torch.index_select(rope[0], 1, positions.reshape([tokens])).reshape([headDim, rows, seq])
      signedSin = torch.index_select(rope[1], 1, positions.reshape([tokens])).reshape([headDim, rows, seq])
    # where a query may not see a key: [rows or 1, 1, 1, seq, length], True beyond the query's own position
    # (causal, and only the row's own cached positions); none when every row adds one token at the same position
    masked = self.hidden_positions(starts, sameStart, seq, length)
    for layer in range(len(keys)):
      qkvWeight = weights[3 + 4 * layer]
      outputWeight = weights[4 + 4 * layer]
      gateUpWeight = weights[5 + 4 * layer]
      downWeight = weights[6 + 4 * layer]
      # attention: x += o(attention(rmsNorm(x))), the residual add fused into the product (addmm_)
      qkv = torch.mm(qkvWeight, self.rms_norm(x, dimTimesEps)).reshape([heads + 2 * kvHeads, headDim, rows, seq])
      qk = self.rotate(torch.slice(qkv, 0, 0, heads + kvHeads), cos, signedSin, headDim)
      v = torch.slice(qkv, 0, heads + kvHeads, heads + 2 * kvHeads)
      # into the cache as keys [rows, kvHeads, headDim, seq] and values [rows, kvHeads, seq, headDim]
      kT = torch.slice(qk, 0, heads, heads + kvHeads).permute([2, 0, 1, 3])
      vT = v.permute([2, 0, 3, 1])
      layerKeys = torch.narrow(keys[layer], 0, firstRow, rows)
      layerValues = torch.narrow(values[layer], 0, firstRow, rows)
      if sameStart:
        torch.narrow(layerKeys, 3, starts[0], seq).copy_(kT)
        torch.narrow(layerValues, 2, starts[0], seq).copy_(vT)
      else:
        for row in range(rows):
          torch.narrow(layerKeys[row], 2, starts[row], seq).copy_(kT[row])
          torch.narrow(layerValues[row], 1, starts[row], seq).copy_(vT[row])
      # q: [rows * kvHeads, groups * seq, headDim], the query heads sharing a KV head as rows of one matrix
      if tokens == 1:
        q = torch.slice(qk, 0, 0, heads).reshape([kvHeads, groups, headDim])
      else:
        q = torch.slice(qk, 0, 0, heads).reshape([kvHeads, groups, headDim, rows, seq]).permute([3, 0, 1, 4, 2]).reshape([rows * kvHeads, groups * seq, headDim])
      # the cache's first positions of these rows: keys [rows, kvHeads, headDim, length], values [rows, kvHeads, length, headDim]
      # (as batches of rows * kvHeads matrices, views: the cache's row and head axes merge)
      cachedKeys = torch.narrow(layerKeys, 3, 0, length).reshape([rows * kvHeads, headDim, length])
      cachedValues = torch.narrow(layerValues, 2, 0, length).reshape([rows * kvHeads, length, headDim])
      scores = torch.bmm(q, cachedKeys)
      if masked is not None:
        scores.reshape([rows, kvHeads, groups, seq, length]).masked_fill_(masked, float("-inf"))
      context = torch.bmm(torch.softmax(scores, -1), cachedValues)
      # [rows * kvHeads, groups * seq, headDim] -> [kvHeads, groups, headDim, rows, seq] = [dim, tokens]
      if tokens == 1:
        context = context.reshape([dim, 1])
      else:
        context = context.reshape([rows, kvHeads, groups, seq, headDim]).permute([1, 2, 4, 0, 3]).reshape([dim, tokens])
      x.addmm_(outputWeight, context)
      # feed-forward: x += down(silu(gate(rmsNorm(x))) * up(rmsNorm(x)))
      gateAndUp = torch.mm(gateUpWeight, self.rms_norm(x, dimTimesEps))
      gate = torch.slice(gateAndUp, 0, 0, ffn)
      hidden = torch.silu(gate).mul_(torch.slice(gateAndUp, 0, ffn, 2 * ffn))
      x.addmm_(downWeight, hidden)
    # last: [dim, rows], each row's last token
    if seq == 1:
      last = x
    else:
      last = torch.select(x.reshape([dim, rows, seq]), 2, seq - 1)
    normed = self.rms_norm(last, dimTimesEps).mul_(weights[1])
    # one row: the head's matrix-vector product, weight first ([vocab, 1] is [1, vocab] in memory); several rows:
    # [rows, dim] . [dim, vocab], so the logits come out row-major without a transposing copy of [vocab, rows]
    if rows == 1:
      return torch.mm(weights[2], normed).reshape([1, -1])
    return torch.mm(normed.t(), weights[2].t())

  # RMSNorm without its weight, per column: sqrt(dim) * x / sqrt(sum(x^2) + dim * eps); the weight and sqrt(dim)
  # are folded into the next projection
  def rms_norm(self: __torch__.LlamaDecoder,
      x: Tensor,
      dimTimesEps: Tensor) -> Tensor:
    sumSquares = torch.sum(torch.mul(x, x), [0], True)
    return torch.div(x, torch.sqrt(sumSquares.add_(dimTimesEps)))

  # Rotary embedding, "rotate half": x * cos + [-x2, x1] * sin = x * cos + [x2, x1] * signedSin.
  # x: [heads, headDim, rows, seq]; returns a new array
  def rotate(self: __torch__.LlamaDecoder,
      x: Tensor,
      cos: Tensor,
      signedSin: Tensor,
      headDim: int) -> Tensor:
    shape = x.size()
    swapped = x.reshape([shape[0], 2, headDim // 2, shape[2] * shape[3]]).flip([1]).reshape(shape)
    return torch.mul(x, cos).add_(swapped.mul_(signedSin))

  # True where query s of row r may not see key position p (p > starts[r] + s), [rows or 1, 1, 1, seq, length];
  # None when nothing is hidden (one new token per row, rows at the same position)
  def hidden_positions(self: __torch__.LlamaDecoder,
      starts: List[int],
      sameStart: bool,
      seq: int,
      length: int) -> Optional[Tensor]:
    if seq == 1 and sameStart:
      return None
    rows = 1 if sameStart else len(starts)
    queryPositions = torch.tensor(starts[0:rows]).reshape([rows, 1, 1, 1, 1]) + torch.arange(seq).reshape([1, 1, 1, seq, 1])
    return torch.arange(length).reshape([1, 1, 1, 1, length]) > queryPositions
