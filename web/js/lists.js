// The lists a visit form needs, kept for offline use: from the API when it answers, else the
// copy kept the last time it did (the service worker keeps one too).
import { all, get, Offline } from "./api.js";
import { kept } from "./store.js";

async function keptList(key, load) {
  try {
    const answer = await load();
    if (answer.ok) {
      await kept.put(key, answer.body);
      return answer.body;
    }
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
  }
  return (await kept.get(key)) ?? null;
}

export const sites = () => keptList("sites", () => all("/sites"));
export const checklists = () => keptList("checklists", () => get("/checklists"));
export const issueCategories = () => keptList("issue-categories", () => get("/issue-categories"));
export const colleagues = () => keptList("colleagues", () => get("/colleagues"));

export async function visitFormLists() {
  const [siteList, checklistSet, categories, people] = await Promise.all([
    sites(),
    checklists(),
    issueCategories(),
    colleagues(),
  ]);
  return {
    sites: siteList || [],
    checklists: checklistSet || { suite: [], detainee: [], dog: [] },
    categories: categories || [],
    colleagues: people || [],
  };
}
