// Generate-only kernel: the RNG roofline of the fused project and update kernels
// (docs/design.md §5, §9). It draws basis normals z(i, j, r, w) exactly as they do (counter
// (q, i, r, w) with q = j >> 2, key (seed, PURPOSE_BASIS), normals4) but does nothing
// with them except add them up. Thread t takes direction i = t / threadsPerDir and the
// quads [b·quadsPerThread, (b+1)·quadsPerThread) with b = t % threadsPerDir, and writes
// the sum of its 4·quadsPerThread normals, so that the compiler cannot drop the work.
// Host: src/bench/generate.ts. CPU twin: src/reference/generate.ts.

struct GenerateParams {
  seed: u32,           // key word 0; word 1 is PURPOSE_BASIS
  epoch: u32,          // redraw epoch r, counter word 2
  worker: u32,         // worker w, counter word 3
  threads: u32,        // threads that draw: dirs × threadsPerDir (the grid is rounded up)
  threadsPerDir: u32,  // threads that share one direction i
  quadsPerThread: u32, // Philox calls per thread (4 normals each)
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<uniform> params: GenerateParams;      // the shape and the key
@group(0) @binding(1) var<storage, read_write> sums: array<f32>; // [threads]: each thread's sum of normals

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let t = (wid.x + wid.y * groups.x) * workgroupSize + lid; // grid2d may split over y
  if (t >= params.threads) {
    return;
  }
  let i = t / params.threadsPerDir;
  let q0 = (t % params.threadsPerDir) * params.quadsPerThread;
  let key = vec2u(params.seed, PURPOSE_BASIS);
  var acc = vec4f(0.0);
  for (var s = 0u; s < params.quadsPerThread; s++) {
    acc += normals4(philox4x32_10(vec4u(q0 + s, i, params.epoch, params.worker), key));
  }
  sums[t] = (acc.x + acc.y) + (acc.z + acc.w);
}
