// Network namespace: a fresh namespace has only `lo`, down; bringing it up gives 127.0.0.1
// and ::1 (the kernel assigns both to loopback on up).
#pragma once

namespace isotest::net {
void bring_up_loopback();
}
