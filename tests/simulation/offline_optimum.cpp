// The offline optimum as a maximum flow: source → request (1) → mentor's week (1) → sink (capacity), by Dinic.
#include "tests/simulation/offline_optimum.h"

#include <algorithm>
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
            while (const long long pushed = push(source, sink, std::numeric_limits<long long>::max())) total += pushed;
        }
        return total;
    }

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

    // One augmenting path in the layered graph. The graph has three layers between source
    // and sink, so the recursion is at most four deep.
    long long push(std::size_t node, std::size_t sink, long long limit) {
        if (node == sink) return limit;
        for (long long& edge = next_edge_[node]; edge >= 0; edge = edges_[std::size_t(edge)].next) {
            Edge& e = edges_[std::size_t(edge)];
            if (e.capacity <= 0 || level_[e.to] != level_[node] + 1) continue;
            if (const long long pushed = push(e.to, sink, std::min(limit, e.capacity))) {
                e.capacity -= pushed;
                edges_[std::size_t(edge) ^ 1].capacity += pushed;
                return pushed;
            }
        }
        return 0;
    }

    std::vector<Edge> edges_;
    std::vector<long long> first_;
    std::vector<int> level_;
    std::vector<long long> next_edge_;
};

}  // namespace

OptimumSolution solve_offline_optimum(const OptimumProblem& problem) {
    const std::size_t requests = problem.allowed.size();
    const std::size_t buckets = problem.buckets.size();
    // Nodes: the source, each request, each bucket, the sink.
    const std::size_t source = 0;
    const std::size_t first_request = 1;
    const std::size_t first_bucket = first_request + requests;
    const std::size_t sink = first_bucket + buckets;
    MaxFlow flow(sink + 1);
    for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
        if (problem.buckets[bucket].capacity > 0)
            flow.add_edge(first_bucket + bucket, sink, problem.buckets[bucket].capacity);
    }
    std::vector<std::vector<std::size_t>> request_edges(requests);
    for (std::size_t request = 0; request < requests; ++request) {
        if (problem.allowed[request].empty()) continue;
        flow.add_edge(source, first_request + request, 1);
        for (std::size_t bucket : problem.allowed[request]) {
            if (bucket < buckets)
                request_edges[request].push_back(flow.add_edge(first_request + request, first_bucket + bucket, 1));
        }
    }
    OptimumSolution solution;
    solution.served = flow.run(source, sink);
    solution.assigned.assign(requests, -1);
    for (std::size_t request = 0; request < requests; ++request) {
        for (std::size_t edge : request_edges[request]) {
            if (flow.flow(edge) > 0)
                solution.assigned[request] = static_cast<long long>(flow.head(edge) - first_bucket);
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
        for (std::size_t bucket : problem.allowed[request]) {
            if (bucket >= problem.buckets.size()) continue;
            const CapacityBucket& candidate = problem.buckets[bucket];
            if (used[bucket] >= candidate.capacity) continue;
            if (best >= 0) {
                const CapacityBucket& current = problem.buckets[std::size_t(best)];
                if (std::make_tuple(candidate.week, used[bucket], candidate.mentor) >=
                    std::make_tuple(current.week, used[std::size_t(best)], current.mentor))
                    continue;
            }
            best = static_cast<long long>(bucket);
        }
        if (best < 0) continue;
        ++used[std::size_t(best)];
        solution.assigned[request] = best;
        ++solution.served;
    }
    return solution;
}

}  // namespace mentorbot::simulation
