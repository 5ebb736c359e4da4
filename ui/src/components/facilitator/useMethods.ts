import {
  methodsApi,
  type DeskSummaryField,
  type FieldValue,
  type MethodRecord,
  type MethodsView,
} from "../../methodsApi";
import { useLoad, type Loaded } from "./useLoad";

/** The records of the desk research and focus groups, and how to change them. */
export interface Methods {
  loaded: Loaded<MethodsView>;
  /** Saves one field and shows the records as core answers them. */
  save(record: MethodRecord, id: string, field: string, value: FieldValue): Promise<void>;
  add(record: MethodRecord): Promise<string>;
  remove(record: MethodRecord, id: string): Promise<void>;
  addHotSpot(focusGroup: string): Promise<string>;
  saveSummary(field: DeskSummaryField, value: FieldValue): Promise<void>;
}

/** Loads the records when the screen opens and after every sync. */
export function useMethods(lastSyncAt: number | null): Methods {
  const loaded = useLoad(methodsApi.methods, [lastSyncAt]);
  const show = (view: MethodsView) => loaded.setData(() => view);
  return {
    loaded,
    save: async (record, id, field, value) =>
      show(await methodsApi.setField({ record, id, field, value })),
    add: async (record) => {
      const { id, methods } = await methodsApi.addRecord(record);
      show(methods);
      return id;
    },
    remove: async (record, id) => show(await methodsApi.removeRecord(record, id)),
    addHotSpot: async (focusGroup) => {
      const { id, methods } = await methodsApi.addHotSpot(focusGroup);
      show(methods);
      return id;
    },
    saveSummary: async (field, value) =>
      show(await methodsApi.setDeskSummary(field, typeof value === "string" ? value : "")),
  };
}
