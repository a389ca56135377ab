// Test kernel: one Philox4x32-10 call per element, for comparison with src/rng/philox.ts.

@group(0) @binding(0) var<uniform> count: vec4u;                   // x: number of elements
@group(0) @binding(1) var<storage, read> inputs: array<vec4u>;     // per element: counter, then (key0, key1, 0, 0)
@group(0) @binding(2) var<storage, read_write> outputs: array<vec4u>; // per element: the four output words

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = gid.x + gid.y * groups.x * workgroupSize;
  if (n >= count.x) {
    return;
  }
  outputs[n] = philox4x32_10(inputs[2u * n], inputs[2u * n + 1u].xy);
}
