// The offline optimum as a maximum flow: source → request (1) → mentor's week (1) → sink (capacity), with chains of
// steps between requests and weeks where choices nest, by Dinic.
#include "tests/simulation/offline_optimum.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <queue>
#include <tuple>

namespace mentorbot::simulation {

namespace {

class MaxFlow {
public:
    explicit MaxFlow(std::size_t nodes) : first_(nodes, -1), level_(nodes), next_edge_(nodes) {}

    // Returns the index of the forward edge, to read its flow afterwards.
    std::size_t add_edge(std::size_t from, std::size_t to, long long capacity) {
        const std::size_t index = edges_.size();
        edges_.push_back({to, capacity, first_[from]});
        first_[from] = static_cast<long long>(index);
        edges_.push_back({from, 0, first_[to]});
        first_[to] = static_cast<long long>(index + 1);
        return index;
    }

    long long run(std::size_t source, std::size_t sink) {
        long long total = 0;
        while (layer(source, sink)) {
            for (std::size_t node = 0; node < first_.size(); ++node) next_edge_[node] = first_[node];
            total += augment(source, sink);
        }
        return total;
    }

    // Sends `amount` more along an edge added by add_edge, as if a path had: flow to start from.
    void carry(std::size_t edge, long long amount) {
        edges_[edge].capacity -= amount;
        edges_[edge ^ 1].capacity += amount;
    }
    long long room(std::size_t edge) const { return edges_[edge].capacity; }

    // What an edge added by add_edge carries: its reverse edge's residual capacity.
    long long flow(std::size_t edge) const { return edges_[edge ^ 1].capacity; }
    std::size_t head(std::size_t edge) const { return edges_[edge].to; }

private:
    struct Edge {
        std::size_t to;
        long long capacity;  // residual
        long long next;      // the next edge leaving the same node, or -1
    };

    bool layer(std::size_t source, std::size_t sink) {
        std::fill(level_.begin(), level_.end(), -1);
        std::queue<std::size_t> queue;
        level_[source] = 0;
        queue.push(source);
        while (!queue.empty()) {
            const std::size_t node = queue.front();
            queue.pop();
            for (long long edge = first_[node]; edge >= 0; edge = edges_[std::size_t(edge)].next) {
                const Edge& e = edges_[std::size_t(edge)];
                if (e.capacity > 0 && level_[e.to] < 0) {
                    level_[e.to] = level_[node] + 1;
                    queue.push(e.to);
                }
            }
        }
        return level_[sink] >= 0;
    }

    // Augmenting paths in the layered graph until none is left, depth first without recursion:
    // a chain of steps makes paths as long as the chain.
    long long augment(std::size_t source, std::size_t sink) {
        long long total = 0;
        std::vector<std::size_t> path;  // the edges from the source to `node`
        std::size_t node = source;
        for (;;) {
            if (node == sink) {
                long long pushed = std::numeric_limits<long long>::max();
                for (std::size_t edge : path) pushed = std::min(pushed, edges_[edge].capacity);
                for (std::size_t edge : path) {
                    edges_[edge].capacity -= pushed;
                    edges_[edge ^ 1].capacity += pushed;
                }
                total += pushed;
                // Back to the tail of the first edge the path filled.
                std::size_t keep = 0;
                while (edges_[path[keep]].capacity > 0) ++keep;
                path.resize(keep);
                node = path.empty() ? source : edges_[path.back()].to;
                continue;
            }
            long long& edge = next_edge_[node];
            while (edge >= 0 && (edges_[std::size_t(edge)].capacity <= 0 ||
                                 level_[edges_[std::size_t(edge)].to] != level_[node] + 1)) {
                edge = edges_[std::size_t(edge)].next;
            }
            if (edge >= 0) {
                path.push_back(std::size_t(edge));
                node = edges_[std::size_t(edge)].to;
                continue;
            }
            if (path.empty()) return total;  // nothing more leaves the source
            // A dead end: the edge into it is not tried again in this phase.
            const std::size_t dead = path.back();
            path.pop_back();
            node = path.empty() ? source : edges_[path.back()].to;
            next_edge_[node] = edges_[dead].next;
        }
    }

    std::vector<Edge> edges_;
    std::vector<long long> first_;
    std::vector<int> level_;
    std::vector<long long> next_edge_;
};

}  // namespace

namespace {

// Calls `visit` with each bucket a request may use, its own list first.
template <typename Visit>
void for_each_allowed(const OptimumProblem& problem, std::size_t request, Visit visit) {
    for (std::size_t bucket : problem.allowed[request]) visit(bucket);
    if (request >= problem.entry.size()) return;
    for (long long step = problem.entry[request]; step >= 0; step = problem.steps[std::size_t(step)].next) {
        for (std::size_t bucket : problem.steps[std::size_t(step)].buckets) visit(bucket);
    }
}

}  // namespace

std::vector<std::size_t> allowed_buckets(const OptimumProblem& problem, std::size_t request) {
    std::vector<std::size_t> all;
    for_each_allowed(problem, request, [&](std::size_t bucket) { all.push_back(bucket); });
    return all;
}

OptimumSolution solve_offline_optimum(const OptimumProblem& problem, const std::vector<long long>& start) {
    const std::size_t requests = problem.allowed.size();
    const std::size_t steps = problem.steps.size();
    const std::size_t buckets = problem.buckets.size();
    // Nodes: the source, each request, each chain step, each bucket, the sink.
    const std::size_t source = 0;
    const std::size_t first_request = 1;
    const std::size_t first_step = first_request + requests;
    const std::size_t first_bucket = first_step + steps;
    const std::size_t sink = first_bucket + buckets;
    // Along a chain, as many as all the requests together.
    const long long unlimited = static_cast<long long>(requests) + 1;
    MaxFlow flow(sink + 1);
    std::vector<long long> to_sink(buckets, -1);
    for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
        if (problem.buckets[bucket].capacity > 0)
            to_sink[bucket] = static_cast<long long>(
                flow.add_edge(first_bucket + bucket, sink, problem.buckets[bucket].capacity));
    }
    std::vector<std::vector<std::size_t>> step_edges(steps);  // to each of the step's buckets
    std::vector<bool> follows(steps, false);                  // some step leads to it
    std::vector<std::size_t> to_next(steps, 0);               // the edge to the next step, if any
    for (std::size_t step = 0; step < steps; ++step) {
        const ChainStep& chain = problem.steps[step];
        if (chain.next >= 0) {
            to_next[step] = flow.add_edge(first_step + step, first_step + std::size_t(chain.next), unlimited);
            follows[std::size_t(chain.next)] = true;
        }
        for (std::size_t bucket : chain.buckets) {
            if (bucket < buckets)
                step_edges[step].push_back(flow.add_edge(first_step + step, first_bucket + bucket, unlimited));
        }
    }
    std::vector<std::vector<std::size_t>> request_edges(requests);
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> entering(steps);  // request, its edge
    std::vector<long long> from_source(requests, -1);
    std::vector<std::size_t> into_chain(requests, 0);
    for (std::size_t request = 0; request < requests; ++request) {
        const long long step = request < problem.entry.size() ? problem.entry[request] : -1;
        if (problem.allowed[request].empty() && step < 0) continue;
        from_source[request] = static_cast<long long>(flow.add_edge(source, first_request + request, 1));
        for (std::size_t bucket : problem.allowed[request]) {
            if (bucket < buckets)
                request_edges[request].push_back(flow.add_edge(first_request + request, first_bucket + bucket, 1));
        }
        if (step >= 0) {
            into_chain[request] = flow.add_edge(first_request + request, first_step + std::size_t(step), 1);
            entering[std::size_t(step)].emplace_back(request, into_chain[request]);
        }
    }
    // The given assignment as flow already sent: augmenting paths never take a request's unit
    // back from the source, so every request it serves stays served.
    long long started = 0;
    for (std::size_t request = 0; request < start.size() && request < requests; ++request) {
        const long long bucket = start[request];
        if (bucket < 0 || std::size_t(bucket) >= buckets || from_source[request] < 0 || to_sink[bucket] < 0 ||
            flow.room(std::size_t(to_sink[bucket])) <= 0)
            continue;
        std::vector<std::size_t> path{std::size_t(from_source[request])};
        bool reached = false;
        for (std::size_t edge : request_edges[request]) {
            if (flow.head(edge) != first_bucket + std::size_t(bucket)) continue;
            path.push_back(edge);
            reached = true;
            break;
        }
        const long long entry = request < problem.entry.size() ? problem.entry[request] : -1;
        if (!reached && entry >= 0) {
            path.push_back(into_chain[request]);
            for (long long step = entry; step >= 0 && !reached; step = problem.steps[std::size_t(step)].next) {
                for (std::size_t edge : step_edges[std::size_t(step)]) {
                    if (flow.head(edge) != first_bucket + std::size_t(bucket)) continue;
                    path.push_back(edge);
                    reached = true;
                    break;
                }
                if (!reached && problem.steps[std::size_t(step)].next >= 0) path.push_back(to_next[std::size_t(step)]);
            }
        }
        if (!reached) continue;  // not one of its choices
        path.push_back(std::size_t(to_sink[bucket]));
        for (std::size_t edge : path) flow.carry(edge, 1);
        ++started;
    }
    OptimumSolution solution;
    solution.served = started + flow.run(source, sink);
    solution.assigned.assign(requests, -1);
    for (std::size_t request = 0; request < requests; ++request) {
        for (std::size_t edge : request_edges[request]) {
            if (flow.flow(edge) > 0)
                solution.assigned[request] = static_cast<long long>(flow.head(edge) - first_bucket);
        }
    }
    // Along each chain, the requests that entered and have not reached a bucket yet may use any
    // bucket from here on, so each bucket's flow goes to whichever of them came first.
    for (std::size_t head = 0; head < steps; ++head) {
        if (follows[head]) continue;
        std::deque<std::size_t> travelling;
        for (long long step = static_cast<long long>(head); step >= 0; step = problem.steps[std::size_t(step)].next) {
            for (const auto& [request, edge] : entering[std::size_t(step)]) {
                if (flow.flow(edge) > 0) travelling.push_back(request);
            }
            for (std::size_t edge : step_edges[std::size_t(step)]) {
                for (long long unit = flow.flow(edge); unit > 0 && !travelling.empty(); --unit) {
                    solution.assigned[travelling.front()] = static_cast<long long>(flow.head(edge) - first_bucket);
                    travelling.pop_front();
                }
            }
        }
    }
    return solution;
}

OptimumSolution solve_least_loaded_greedy(const OptimumProblem& problem) {
    std::vector<int> used(problem.buckets.size(), 0);
    OptimumSolution solution;
    solution.assigned.assign(problem.allowed.size(), -1);
    for (std::size_t request = 0; request < problem.allowed.size(); ++request) {
        long long best = -1;
        for_each_allowed(problem, request, [&](std::size_t bucket) {
            if (bucket >= problem.buckets.size()) return;
            const CapacityBucket& candidate = problem.buckets[bucket];
            if (used[bucket] >= candidate.capacity) return;
            if (best >= 0) {
                const CapacityBucket& current = problem.buckets[std::size_t(best)];
                if (std::make_tuple(candidate.week, used[bucket], candidate.mentor) >=
                    std::make_tuple(current.week, used[std::size_t(best)], current.mentor))
                    return;
            }
            best = static_cast<long long>(bucket);
        });
        if (best < 0) continue;
        ++used[std::size_t(best)];
        solution.assigned[request] = best;
        ++solution.served;
    }
    return solution;
}

}  // namespace mentorbot::simulation
