// Shared by every kernel of shaders/nn/ that runs one thread per element; prepended to
// each by plain concatenation (NN_COMMON in src/nn/kernels.ts), so those kernels do not
// declare workgroupSize themselves.

// Threads per workgroup, filled at pipeline creation (WORKGROUP_SIZE in src/nn/kernels.ts).
override workgroupSize: u32 = 64;

// This thread's flat index over a 2-D grid of workgroups: a dispatch of more than 65,535
// workgroups is split over y (grid2d in src/engine/kernel.ts), each row holding groups.x.
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 {
  return gid.x + gid.y * groups.x * workgroupSize;
}
